"""The import wizard's registry of kinds: what a kind must declare, and its URLs per scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cultiva.core.imports import ImportKind, kind_get, kinds, register
from cultiva.core.imports.urls import wizard_urlpatterns


def test_contributions_and_organisations_are_registered_kinds():
    names = {kind.name for kind in kinds()}
    assert {"contributions", "organisations"} <= names
    assert kind_get("contributions").scope == "process"
    assert kind_get("organisations").scope == "platform"


def test_each_kind_has_its_own_urls_in_its_scope():
    assert reverse("ideas:import_start", args=["hargita"]) == "/p/hargita/contributions/import/"
    assert reverse("accounts:organisation_import_check", args=[7]).endswith(
        "/organisations/import/7/check/"
    )


def test_a_kind_without_a_name_or_scope_is_refused():
    with pytest.raises(ValueError):
        register(ImportKind())


def test_a_process_scoped_kind_needs_the_process_in_its_urls():
    with pytest.raises(ValueError):
        wizard_urlpatterns(kind_name="contributions", prefix="contributions/import/")
    with pytest.raises(ValueError):
        wizard_urlpatterns(kind_name="organisations", prefix="p/<slug:slug>/organisations/")


def test_the_default_column_guess_reads_labels_in_every_language():
    class Sample(ImportKind):
        name = "sample"
        scope = "platform"
        aliases = {"email": ("e-mail cím",)}

        def targets(self, *, process):
            from django.utils.translation import gettext_lazy

            return [("settlement", gettext_lazy("Settlement"), True), ("email", "E-mail", False)]

    guess = Sample().mapping_guess(header=["Localitate", "E-mail cím", "Egyéb"], process=None)
    assert guess == {"settlement": 0, "email": 1}
