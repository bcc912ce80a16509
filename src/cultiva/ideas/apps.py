from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "cultiva.ideas"
    label = "ideas"
    verbose_name = _("Contributions")

    def ready(self) -> None:
        from cultiva.ideas.personal_data import register_sources
        from cultiva.ideas.services import contribution_template_copy
        from cultiva.processes.copying import register_copy

        register_sources()
        from cultiva.ideas.organisation_sections import register_sections

        register_sections()
        # The contributions import kind registers itself with the core import wizard.
        import cultiva.ideas.imports.services  # noqa: F401

        register_copy("ideas.contribution_template", contribution_template_copy)
