"""The councils app's scheduled tasks (settings ``PORTAL_SCHEDULES``, enqueued by
``manage.py run_schedules``): daily reminders, each recorded so that nobody is reminded twice
(``services/reminders.py``). A failure is retried with back-off (``ui.background.retried``);
each is safe to run again (what was done is recorded first)."""

from django.tasks import task

from ui.background import retried

from .services.reminders import (
    invitation_reminders_due,
    progress_reminders_due,
    reaffirmation_reminders_due,
)


@task
@retried
def progress_reminders_task() -> int:
    """Quarterly progress reminders due today; returns how many councils were reminded."""
    return len(progress_reminders_due())


@task
@retried
def invitation_reminders_task() -> int:
    """Reminders to sign due today; returns how many were queued."""
    return invitation_reminders_due()


@task
@retried
def reaffirmation_reminders_task() -> int:
    """Reminders to re-affirm due today; returns how many were queued."""
    return reaffirmation_reminders_due()


@task
def links_check_task() -> int:
    """The weekly link check: one ``links_check_batch_task`` per batch of links, on the
    ``links`` queue (its own worker: a week's checks never hold up an email); forgets the
    checks of links no longer published. Returns how many batches were enqueued."""
    from .services.links import council_links, link_batches, link_checks_forget

    links = council_links()
    batches = link_batches(links)
    for batch in batches:
        links_check_batch_task.enqueue(batch=batch)
    link_checks_forget(links)
    return len(batches)


@task(queue_name="links")
@retried
def links_check_batch_task(*, batch: list) -> dict:
    """Check one batch of links (``[[url, [council ids]]]``); returns the counts of
    ``LinkRun``."""
    from .services.links import links_check_batch

    return vars(links_check_batch(batch))
