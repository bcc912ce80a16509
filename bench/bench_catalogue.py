"""The portfolio catalogue of 200 projects as PDF (and DOCX, XLSX): time and size.

Not a test: prints numbers for the team's notes.

    .venv/bin/python bench/bench_catalogue.py [--projects 200] [--lang hu|ro|both]

Each project has a full card (every text section a few paragraphs long, two partners, two
settlements, two domains). Times the download through the page (selectors, HTML, WeasyPrint
layout) on an empty cache, then again from the cache; reports pages, size and queries.
Uses a throw-away SQLite file unless DATABASE_URL is set.

Measured (SQLite, a 2-core machine shared with other test runs at load 9–10, so wall times
are inflated; CPU time is the steadier figure):
- hu, 200 projects: 205 pages, 401 KiB, 11.5 s of CPU (120.9 s wall under that load), from
  the cache 0.6–5.8 s; 12 queries. DOCX 879 KiB in 0.5–2.5 s (hand-written XML; written
  with python-docx since: 200 cards of ten sections 2.2 s of CPU for one language, 55 KiB,
  measured on the writer alone; looking styles up by name per paragraph had cost 6.5 s);
  XLSX 38 KiB in 0.6–1.3 s.
- both (two columns), 200 projects: 405 pages, 788 KiB, 34.6 s of CPU (256 s wall).
- Layout choices measured on 40 cards: one language as headings and paragraphs 3.4 s of CPU
  against 4.8 s as a table; two languages as a table 10.0 s against 12.8 s (floats) and
  29.5 s (flex).
"""

from __future__ import annotations

import argparse
import io
import time

from benchkit import bench_process, django_setup

PARAGRAPH_HU = (
    "A projekt a székelyföldi falvak közösségi kultúráját erősíti: próbatermet, "
    "hangszereket és képzést ad a fiataloknak, akik őrzik és továbbadják a hagyományt. "
)
PARAGRAPH_RO = (
    "Proiectul întărește cultura comunitară a satelor din ținut: sală de repetiții, "
    "instrumente și formare pentru tinerii care păstrează și transmit tradiția. "
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--lang", default="hu", choices=["hu", "ro", "both"])
    args = parser.parse_args()
    django_setup("catalogue")
    from decimal import Decimal

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from pypdf import PdfReader

    from cultiva.accounts.models import Organisation
    from cultiva.core.models import MicroRegion, Settlement, TaxonomyTerm
    from cultiva.portfolio.models import Project, ProjectPartner

    process, facilitator = bench_process("catalogue")
    county = process.county
    region, _ = MicroRegion.objects.get_or_create(county=county, name="Csík")
    settlements = [
        Settlement.objects.create(
            county=county,
            micro_region=region,
            siruta=80000 + i,
            kind="commune",
            name_hu=f"Falu {i}",
            name_ro=f"Sat {i}",
        )
        for i in range(10)
    ]
    sector = TaxonomyTerm.objects.create(
        vocabulary="sector", slug="ngo-bench", name={"hu": "Civil"}
    )
    domains = [
        TaxonomyTerm.objects.get_or_create(
            vocabulary="domain",
            slug=f"bench-{i}",
            defaults={"name": {"hu": f"Terület {i}", "ro": f"Domeniu {i}"}},
        )[0]
        for i in range(6)
    ]
    organisations = [
        Organisation.objects.create(
            name={"hu": f"Hagyományőrző Egyesület {i}", "ro": f"Asociația {i}"},
            legal_form="association",
            sector=sector,
            settlement=settlements[i % 10],
        )
        for i in range(20)
    ]

    def text(n: int, paragraph: str) -> str:
        return "\n".join(paragraph * 2 for _ in range(n))

    projects = Project.objects.bulk_create(
        Project(
            process=process,
            code=f"HR-{i:04d}",
            title={
                "hu": f"Közösségi kulturális program {i}",
                "ro": f"Program cultural comunitar {i}",
            },
            summary={"hu": text(2, PARAGRAPH_HU), "ro": text(2, PARAGRAPH_RO)},
            objectives={"hu": text(1, PARAGRAPH_HU), "ro": text(1, PARAGRAPH_RO)},
            rationale={"hu": text(2, PARAGRAPH_HU), "ro": text(2, PARAGRAPH_RO)},
            expected_results={"hu": text(1, PARAGRAPH_HU), "ro": text(1, PARAGRAPH_RO)},
            lead_organisation=organisations[i % 20],
            budget_total=Decimal(100_000 + 1_000 * i),
        )
        for i in range(args.projects)
    )
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=p, organisation=organisations[(i + k) % 20], role={"hu": "partner"})
        for i, p in enumerate(projects)
        for k in (1, 2)
    )
    Project.settlements.through.objects.bulk_create(
        Project.settlements.through(project=p, settlement=settlements[(i + k) % 10])
        for i, p in enumerate(projects)
        for k in (0, 3)
    )
    Project.domains.through.objects.bulk_create(
        Project.domains.through(project=p, taxonomyterm=domains[(i + k) % 6])
        for i, p in enumerate(projects)
        for k in (0, 1)
    )
    client = Client()
    client.force_login(facilitator)

    def fetch(name: str, **params):
        url = reverse(f"portfolio:{name}", args=[process.slug])
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url, params)
            elapsed = time.perf_counter() - started
            cpu_times[name] = time.process_time() - cpu
        assert response.status_code == 200, response.status_code
        return response, elapsed, len(queries)

    cpu_times: dict[str, float] = {}

    cache.clear()
    pdf, cold, queries = fetch("catalogue_pdf", lang=args.lang)
    cpu_cold = cpu_times["catalogue_pdf"]
    _again, warm, _q = fetch("catalogue_pdf", lang=args.lang)
    pages = len(PdfReader(io.BytesIO(pdf.content)).pages)
    print(
        f"catalogue PDF, {args.projects} projects, lang={args.lang}: {cold:.1f} s laid out "
        f"({cpu_cold:.1f} s of CPU), "
        f"{warm:.2f} s from the cache, {pages} pages, {len(pdf.content) / 1024:.0f} KiB, "
        f"{queries} queries"
    )
    docx, cold, queries = fetch("catalogue_docx", lang=args.lang)
    _again, warm, _q = fetch("catalogue_docx", lang=args.lang)
    print(
        f"catalogue DOCX: {cold:.2f} s built, {warm:.2f} s from the cache, "
        f"{len(docx.content) / 1024:.0f} KiB, {queries} queries"
    )
    xlsx, cold, queries = fetch("cards_xlsx")
    print(f"cards XLSX: {cold:.2f} s, {len(xlsx.content) / 1024:.0f} KiB, {queries} queries")


if __name__ == "__main__":
    main()
