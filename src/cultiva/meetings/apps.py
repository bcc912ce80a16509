from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "cultiva.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from django.core import checks

        from cultiva.meetings.conf import check_configuration
        from cultiva.meetings.personal_data import register_sources

        checks.register(check_configuration)
        register_sources()
        from cultiva.meetings.organisation_sections import register_sections

        register_sections()
