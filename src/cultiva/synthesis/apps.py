from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthesisConfig(AppConfig):
    name = "cultiva.synthesis"
    label = "synthesis"
    verbose_name = _("Synthesis")

    def ready(self) -> None:
        # Embeddings follow the contribution texts: see cultiva.synthesis.receivers.
        from cultiva.synthesis import receivers  # noqa: F401
        from cultiva.synthesis.personal_data import register_sources

        register_sources()
