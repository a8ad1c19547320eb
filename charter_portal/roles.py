"""The portal's groups and their permissions, defined in code and synced by `bootstrap`.

Who may do what (the named rules, two factors included) is decided in councils/permissions.py;
this module only gives the group the model permissions it reads the back office with.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from councils.permissions import POLICY_TEAM_GROUP

# app_label: model names the policy team may look up in the admin: view only, as the admin
# never writes them (ui.admin.ReadOnlyAdminMixin); the policy team's own pages do.
POLICY_TEAM_MODELS = {
    "commitments": ["charterversion", "strategicaim", "principle", "commitment"],
    "councils": [
        "council",
        "councilcode",
        "councilrole",
        "signature",
        "invitation",
        "outgoingemail",
    ],
    "actions": ["actionitem", "actionupdate"],  # the action plan
    # Background tasks' results: a task that failed, with its traceback (the admin refuses adds).
    "django_tasks_database": ["dbtaskresult"],
}


@transaction.atomic
def roles_sync() -> None:
    group, _ = Group.objects.get_or_create(name=POLICY_TEAM_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=POLICY_TEAM_MODELS,
        codename__regex=r"^view_",
    ).select_related("content_type")
    wanted = [
        p for p in perms if p.content_type.model in POLICY_TEAM_MODELS[p.content_type.app_label]
    ]
    group.permissions.set(wanted)
