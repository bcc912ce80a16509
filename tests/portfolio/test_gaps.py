"""The gap matrix and the unanswered needs, on hand-made data with known answers."""

from decimal import Decimal

from cultiva.portfolio.gaps import (
    COUNTY_WIDE,
    ContributionRow,
    ProjectRow,
    gap_matrix,
    unanswered_needs,
)

# Two micro-regions: Csík (settlements 1, 2) and Udvarhely (3); settlement 4 has none.
ROW_OF = {1: "csik", 2: "csik", 3: "udvarhely"}
ROWS = ["csik", "udvarhely"]
HERITAGE, MUSIC = 10, 20
DOMAINS = [HERITAGE, MUSIC]


def need(id, settlements, domains, supports=0, taken_up=False, kind="need"):
    return ContributionRow(
        id=id,
        kind=kind,
        settlement_ids=tuple(settlements),
        domain_ids=tuple(domains),
        supports=supports,
        taken_up=taken_up,
    )


def matrix(contributions, projects=()):
    return gap_matrix(
        contributions=contributions, projects=projects, row_of=ROW_OF, rows=ROWS, domains=DOMAINS
    )


def test_a_need_without_a_project_is_a_gap_and_a_project_closes_it():
    needs = [need(1, [1], [HERITAGE])]
    before = matrix(needs)
    assert before.cell("csik", HERITAGE).needs == 1
    assert before.cell("csik", HERITAGE).gap
    assert not before.cell("csik", MUSIC).gap  # nothing raised there: no gap
    assert before.gap_count == 1

    # A project in another settlement of the same micro-region answers it.
    after = matrix(needs, [ProjectRow(id=1, settlement_ids=(2,), domain_ids=(HERITAGE,))])
    assert after.cell("csik", HERITAGE).projects == 1
    assert not after.cell("csik", HERITAGE).gap
    assert after.gap_count == 0


def test_a_project_in_another_domain_or_region_does_not_close_the_gap():
    needs = [need(1, [1], [HERITAGE])]
    projects = [
        ProjectRow(id=1, settlement_ids=(1,), domain_ids=(MUSIC,)),
        ProjectRow(id=2, settlement_ids=(3,), domain_ids=(HERITAGE,)),
    ]
    result = matrix(needs, projects)
    assert result.cell("csik", HERITAGE).gap
    assert result.cell("csik", MUSIC).projects == 1
    assert result.cell("udvarhely", HERITAGE).projects == 1


def test_counts_per_cell_kind_and_once_per_row():
    contributions = [
        # In two settlements of Csík and two domains: once in each Csík cell.
        need(1, [1, 2], [HERITAGE, MUSIC]),
        need(2, [3], [MUSIC], kind="shortcoming"),
        need(3, [3], [MUSIC], kind="idea"),
        need(4, [3], [MUSIC], kind="good_practice"),  # neither a need nor an idea
        need(5, [1], []),  # no domain: in no cell
    ]
    result = matrix(contributions)
    assert (result.cell("csik", HERITAGE).needs, result.cell("csik", MUSIC).needs) == (1, 1)
    udvarhely_music = result.cell("udvarhely", MUSIC)
    assert (udvarhely_music.needs, udvarhely_music.ideas) == (1, 1)
    assert result.cell("udvarhely", HERITAGE).needs == 0
    assert result.row_totals["csik"].needs == 1  # the same need, counted once in the row
    assert result.row_totals["csik"].gap_domains == 2
    assert result.domain_totals[MUSIC].needs == 2
    assert result.domain_totals[MUSIC].ideas == 1
    assert result.without_domain == {"contributions": 1, "projects": 0}
    assert result.rows == ["csik", "udvarhely"]  # nothing county-wide: no such row


def test_budget_is_shared_among_the_cells_a_project_touches():
    projects = [
        # Two rows × two domains: a quarter of 400,000 in each cell.
        ProjectRow(
            id=1, settlement_ids=(1, 3), domain_ids=(HERITAGE, MUSIC), budget=Decimal(400_000)
        ),
        ProjectRow(id=2, settlement_ids=(2,), domain_ids=(HERITAGE,), budget=Decimal(50_000)),
        ProjectRow(id=3, settlement_ids=(1,), domain_ids=(MUSIC,), budget=None),
    ]
    result = matrix([], projects)
    assert result.cell("csik", HERITAGE).budget == Decimal(150_000)
    assert result.cell("csik", HERITAGE).projects == 2
    assert result.cell("csik", MUSIC).budget == Decimal(100_000)
    assert result.cell("csik", MUSIC).projects == 2
    assert result.cell("udvarhely", MUSIC).budget == Decimal(100_000)
    assert result.row_totals["csik"].budget == Decimal(250_000)
    assert result.row_totals["csik"].projects == 3
    total = sum(cell.budget for cell in result.cells.values())
    assert total == Decimal(450_000)  # the cells add up to the portfolio's budget
    assert result.domain_totals[HERITAGE].budget == Decimal(250_000)


def test_what_names_no_settlement_or_an_unknown_one_is_county_wide():
    contributions = [need(1, [], [HERITAGE]), need(2, [4], [MUSIC])]
    result = matrix(contributions)
    assert result.rows == ["csik", "udvarhely", COUNTY_WIDE]
    assert result.cell(COUNTY_WIDE, HERITAGE).needs == 1
    assert result.cell(COUNTY_WIDE, MUSIC).needs == 1
    # A county-wide project answers the county-wide needs, not the micro-regions' ones.
    projects = [ProjectRow(id=1, domain_ids=(HERITAGE,))]
    result = matrix([*contributions, need(3, [1], [HERITAGE])], projects)
    assert not result.cell(COUNTY_WIDE, HERITAGE).gap
    assert result.cell("csik", HERITAGE).gap


def test_settlements_as_rows():
    contributions = [need(1, [1], [HERITAGE]), need(2, [2], [HERITAGE])]
    projects = [ProjectRow(id=1, settlement_ids=(2,), domain_ids=(HERITAGE,))]
    result = gap_matrix(
        contributions=contributions,
        projects=projects,
        row_of={1: 1, 2: 2, 3: 3},
        rows=[1, 2, 3],
        domains=DOMAINS,
    )
    assert result.cell(1, HERITAGE).gap
    assert not result.cell(2, HERITAGE).gap
    assert [result.row_totals[row].gap_domains for row in (1, 2, 3)] == [1, 0, 0]


def test_unanswered_counts_and_ranked_list():
    contributions = [
        need(1, [1], [HERITAGE], supports=2),
        need(2, [1], [HERITAGE], supports=7),
        need(3, [1], [HERITAGE], supports=7, kind="shortcoming"),
        need(4, [1], [HERITAGE], supports=50, taken_up=True),
        need(5, [1], [HERITAGE], supports=90, kind="idea"),
    ]
    assert [c.id for c in unanswered_needs(contributions)] == [2, 3, 1]
    result = matrix(contributions)
    assert result.cell("csik", HERITAGE).needs == 4
    assert result.cell("csik", HERITAGE).unanswered == 3
    # Taken up by a project in another cell: the cell still has no project of its own.
    assert result.cell("csik", HERITAGE).gap


def test_empty():
    result = matrix([])
    assert result.gap_count == 0
    assert result.rows == ROWS
    assert unanswered_needs([]) == []


def test_the_collector_is_paused_only_inside_and_back_on_after_an_error():
    import gc

    import pytest

    from cultiva.portfolio.gaps import gc_paused

    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), gc_paused():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()
