"""Access rules for views, asking the named rules of councils.permissions. Views scope their
querysets with these; they do not sprinkle checks in get() or post()."""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from ui.views import crumbs_under

from .. import permissions
from ..permissions import councils_acted_for

# A council's pages sit under the directory: Home > Signatories > (the council) > ...
signatories_crumbs = crumbs_under("Signatories", "councils:directory")


def council_crumbs(council, *last: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """The breadcrumbs of a page of ``council`` (a ``Council``): Home, Signatories, the council's
    page, then ``last`` (``(label, address or None)`` pairs, the page's own last)."""
    return signatories_crumbs((council.name, council.get_absolute_url()), *last)


class ManagesMixin:
    """``manages`` in the context: whether the user may ``manages_rule`` (a rule of
    ``councils.permissions``, such as "partnerships.manage"), for a public page's links to its
    editing."""

    manages_rule = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            manages=permissions.may(self.request.user, self.manages_rule), **kwargs
        )


class PolicyTeamRequiredMixin(AccessMixin):
    """The policy team only (the rule "policy_team"), and only once two-factor authentication
    is set up: anyone else is sent to log in, a member without two factors to set them up, and
    everyone else gets a 403."""

    def dispatch(self, request, *args, **kwargs):
        refusal = permissions.policy_team_refusal(request.user)
        if refusal == permissions.LOG_IN:
            return self.handle_no_permission()
        if refusal == permissions.FORBIDDEN:
            raise PermissionDenied("This page is for the policy team.")
        if refusal == permissions.SET_UP_TWO_FACTORS:
            messages.warning(
                request, "Set up two-factor authentication before you use the policy team's pages."
            )
            return redirect("mfa_activate_totp")
        return super().dispatch(request, *args, **kwargs)


class ClerkCouncilMixin:
    """Views of one council found by ``slug`` among the councils the user acts for.

    A clerk of one council who changes the slug in the address gets a 404, never another
    council's page.
    """

    slug_url_kwarg = "slug"

    def get_council_queryset(self):
        return councils_acted_for(self.request.user).select_related("district", "signed_version")

    def get_council(self):
        if not hasattr(self, "_council"):
            self._council = get_object_or_404(
                self.get_council_queryset(), slug=self.kwargs[self.slug_url_kwarg]
            )
        return self._council
