"""django-allauth's e-mails (password reset, address confirmation, unknown account) link to
the site's real address, CULTIVA_SITE_URL, not to the host the request happened to name; and
the changes allauth makes itself (a sign-up, a confirmed address) go in the activity log."""

from __future__ import annotations

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from cultiva.core.activity import activity_record
from cultiva.core.site import site_domain, site_url


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        # allauth builds its links with request.build_absolute_uri: move them onto the site.
        request_root = request.build_absolute_uri("/") if request is not None else None
        context = {
            key: site_url() + "/" + value[len(request_root) :]
            if request_root and isinstance(value, str) and value.startswith(request_root)
            else value
            for key, value in context.items()
        }
        context.setdefault("current_site", SimpleNamespace(name="Cultiva", domain=site_domain()))
        super().send_mail(template_prefix, email, context)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            activity_record(actor=user, verb="account.signed_up", target=user)
        return user

    def confirm_email(self, request, email_address) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            activity_record(
                actor=email_address.user, verb="account.email_confirmed", target=email_address.user
            )
        return confirmed
