import pytest

from caseflow.engine.catalogue import violation_catalogue
from caseflow.hookspecs import hookimpl
from caseflow.plugins import make_manager
from caseflow_plugins.work_safety_law import CatalogueError, load_catalogue
from tests.plugin_samples import violation

# The format doc's table: (initial min, max), (overdue min, max) in yuan.
FORMAT_DOC_RANGES = {
    "AQL-94": ((20000, 50000), (50000, 100000)),
    "AQL-97-3": ((0, 100000), (100000, 200000)),
    "AQL-99-2": ((0, 50000), (50000, 200000)),
    "AQL-101-5": ((0, 100000), (100000, 200000)),
}


def only_this_plugin(*extra):
    return make_manager(allow=["work_safety_law"], extra=extra)


def test_hook_caseflow_register_violations_ships_the_codes_every_installation_knows():
    catalogue = violation_catalogue(only_this_plugin())
    assert set(FORMAT_DOC_RANGES) | {"AQL-102"} <= set(catalogue)
    for code, (initial, overdue) in FORMAT_DOC_RANGES.items():
        tiers = catalogue[code]["tiers"]
        assert (tiers["initial"]["min"], tiers["initial"]["max"]) == initial, code
        assert (tiers["overdue"]["min"], tiers["overdue"]["max"]) == overdue, code
        assert catalogue[code]["plugin"] == "work_safety_law"


def test_refusing_to_eliminate_a_hidden_danger_means_suspension_and_fines_on_the_persons():
    tiers = violation_catalogue(only_this_plugin())["AQL-102"]["tiers"]
    assert (tiers["initial"]["min"], tiers["initial"]["max"]) == (0, 50000)
    assert tiers["overdue"]["kinds"] == ["suspension"]
    assert "min" not in tiers["overdue"]  # the unit itself gets no further fine
    persons = tiers["overdue"]["persons_fine"]
    assert (persons["min"], persons["max"]) == (50000, 100000)


def test_every_entry_cites_the_violated_duty_and_the_penalty_article_of_the_2021_law():
    for entry in load_catalogue():
        assert entry["violated"].startswith("《安全生产法》第"), entry["code"]
        assert entry["penalty_basis"].startswith("《安全生产法》第"), entry["code"]
        assert entry["effective"] == "2021-09-01"
        assert entry["title_zh"] and entry["title_en"]
    by_code = {e["code"]: e for e in load_catalogue()}
    assert by_code["AQL-99-2"]["violated"] == "《安全生产法》第三十六条第一款"
    assert by_code["AQL-99-2"]["penalty_basis"] == "《安全生产法》第九十九条第二项"


def test_discretion_bands_lie_inside_their_ranges():
    for entry in load_catalogue():
        for tier in entry["tiers"].values():
            for rng in (tier, tier.get("persons_fine") or {}):
                for band in rng.get("bands", []):
                    assert rng["min"] <= band["min"] <= band["max"] <= rng["max"], entry["code"]


def test_catalogue_callers_cannot_change_it_for_the_next_caller():
    load_catalogue()[0]["tiers"]["initial"]["max"] = 1
    assert load_catalogue()[0]["tiers"]["initial"]["max"] != 1


class ProvincialCodes:
    """An outside plugin adding a code of a provincial regulation."""

    @hookimpl
    def caseflow_register_violations(self):
        return [violation("GD-AQ-12")]


class Clash:
    @hookimpl
    def caseflow_register_violations(self):
        return [violation("AQL-94")]


def test_outside_plugin_adds_a_code_beside_the_built_in_ones():
    catalogue = violation_catalogue(only_this_plugin(ProvincialCodes()))
    assert "GD-AQ-12" in catalogue and "AQL-94" in catalogue


def test_outside_plugin_registering_a_built_in_code_again_is_refused():
    with pytest.raises(ValueError, match="AQL-94 registered twice"):
        violation_catalogue(only_this_plugin(Clash()))


BAD_TIER = """
violations:
  - code: XX-1
    title_zh: 示例
    title_en: example
    violated: a
    penalty_basis: b
    tiers:
      initial: {kinds: [fine], min: 50000, max: 20000}
      overdue: {kinds: [fine], min: 0, max: 10, bands: [{name: 较重, min: 5, max: 20}]}
"""


def test_catalogue_with_an_inverted_range_or_stray_band_fails_naming_the_code(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_TIER, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    message = str(caught.value)
    assert message.startswith("bad.yaml: XX-1: ")
    assert "tiers.initial: min 50000 > max 20000" in message
    assert "tiers.overdue.bands[0]: 5-20 lies outside the range 0-10" in message


def test_catalogue_listing_a_code_twice_fails_naming_it(tmp_path):
    one = (
        BAD_TIER.split("violations:\n")[1]
        .replace("50000, max: 20000", "0, max: 1")
        .replace("max: 20}", "max: 9}")
    )
    path = tmp_path / "twice.yaml"
    path.write_text("violations:\n" + one + one, encoding="utf-8")
    with pytest.raises(CatalogueError, match="twice.yaml: XX-1: code listed twice"):
        load_catalogue(path)


# Revision 2: the frequent codes, ranges as the 2021 text states them (initial, overdue).
FREQUENT_RANGES = {
    "AQL-96": ((10000, 30000), (10000, 30000)),
    "AQL-97-2": ((0, 100000), (100000, 200000)),
    "AQL-97-4": ((0, 100000), (100000, 200000)),
    "AQL-97-5": ((0, 100000), (100000, 200000)),
    "AQL-97-6": ((0, 100000), (100000, 200000)),
    "AQL-99-4": ((0, 50000), (50000, 200000)),
    "AQL-99-5": ((0, 50000), (50000, 200000)),
    "AQL-99-8": ((0, 50000), (50000, 200000)),
    "AQL-101-1": ((0, 100000), (100000, 200000)),
    "AQL-101-2": ((0, 100000), (100000, 200000)),
    "AQL-101-3": ((0, 100000), (100000, 200000)),
    "AQL-103-1": ((100000, 200000), (100000, 200000)),
    "AQL-109": ((50000, 100000), (100000, 200000)),
    "AQL-114": ((300000, 20000000), (300000, 20000000)),
}


def test_the_frequent_codes_of_revision_2_carry_the_statutory_ranges():
    catalogue = violation_catalogue(only_this_plugin())
    for code, (initial, overdue) in FREQUENT_RANGES.items():
        tiers = catalogue[code]["tiers"]
        assert (tiers["initial"]["min"], tiers["initial"]["max"]) == initial, code
        assert (tiers["overdue"]["min"], tiers["overdue"]["max"]) == overdue, code
    for code in ("AQL-103-2", "AQL-104", "AQL-105-1", "AQL-105-2"):
        tiers = catalogue[code]["tiers"]
        assert (tiers["initial"]["min"], tiers["initial"]["max"]) == (0, 50000), code
        assert tiers["overdue"]["kinds"] == ["suspension"], code
    # Art. 108 fines only a refusal to correct; art. 95 by a share of last year's income.
    assert catalogue["AQL-108"]["tiers"]["initial"]["kinds"] == []
    assert catalogue["AQL-108"]["tiers"]["overdue"]["min"] == 20000
    assert catalogue["AQL-95"]["tiers"]["initial"]["income_share"]["major"] == 0.8
    assert catalogue["AQL-114"]["tiers"]["initial"]["grades"]["larger"] == {
        "min": 1000000,
        "max": 2000000,
    }


def test_every_tier_that_fines_fines_above_zero():
    for entry in load_catalogue():
        for name, tier in entry["tiers"].items():
            if "fine" in tier["kinds"] and "max" in tier:
                assert tier["max"] > 0, (entry["code"], name)


def test_a_catalogue_fining_zero_is_refused(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_text(
        "violations:\n"
        "  - {code: X-1, title_zh: 甲, title_en: a, violated: 甲, penalty_basis: 乙,\n"
        "     tiers: {initial: {kinds: [fine], min: 0, max: 0},\n"
        "             overdue: {kinds: [fine], min: 0, max: 10}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="above zero"):
        load_catalogue(path)


def test_the_2014_law_prices_the_same_codes_until_2021_08_31():
    by_code = {e["code"]: e for e in load_catalogue()}
    (old,) = by_code["AQL-97-3"]["earlier"]
    assert old["until"] == "2021-08-31" and old["to_confirm"]
    assert old["tiers"]["initial"]["max"] == 50000  # 2014 art. 94: 可以处五万元以下
    # Duties the 2021 law created have no 2014 price.
    assert "earlier" not in by_code["AQL-109"]
