"""Exports, each read back with the library of its ecosystem: pyarrow (Parquet), the geojson
package (GeoJSON), the stix2 package (STIX 2.1); JSONL, CSV and GDELT GKG counts with the
standard library."""
from __future__ import annotations

import csv
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from claimledger import api
from claimledger.cli import app
from claimledger.export import CLAIM_COLUMNS, GKG_COLUMNS
from claimledger.model import Claim
from claimledger.scale.parquet import CLAIM_SCHEMA, claim_records

from story import build_ledger


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "ledger.db"
    docs, claims = build_ledger(str(path))
    return str(path), docs, claims


def _all_claims(story) -> list[Claim]:
    return [c for cl in story[2].values() for c in cl]


def test_jsonl_claims_round_trip_with_grades(story):
    text = api.export(story[0], fmt="jsonl")
    rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == len(_all_claims(story)) == 11
    by_id = {c.id: c for c in _all_claims(story)}
    for r in rows:
        grade = r.pop("grade")
        assert Claim.from_dict(r).to_dict() == r
        assert r == {**by_id[r["id"]].to_dict(), "document_id": r["document_id"]}
        assert set(grade) >= {"code", "reliability", "credibility", "confidence", "reliability_reason",
                              "credibility_reason"}
    grades = {r.get("value"): r.get("grade") for r in [json.loads(line) for line in text.splitlines()]}
    assert grades[1000]["code"] == "C5" and grades[1000]["confidence"] == 10


def test_jsonl_figures_with_filters(story):
    text = api.export(story[0], fmt="jsonl", what="figures", metric="killed", actor="KP")
    [fig] = [json.loads(line) for line in text.splitlines()]
    assert fig["label"] == "North Korea: killed" and fig["estimate"]["best"] == 600
    text = api.export(story[0], fmt="jsonl", what="figures", as_of="2025-01-31", metric="killed", actor="KP")
    assert json.loads(text)["estimate"]["high"] == 1000


def test_csv(story):
    text = api.export(story[0], fmt="csv", metric="killed", since="2025-04-01")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == CLAIM_COLUMNS
    assert sorted(int(r["value"]) for r in rows) == [600, 600, 620]
    assert {r["outlet"] for r in rows} == {"Yonhap", "The Guardian", "AFP"}
    assert {r["grade"] for r in rows} == {"B3"}
    figs = list(csv.DictReader(io.StringIO(api.export(story[0], fmt="csv", what="figures", metric="killed",
                                                      actor="North Korea"))))
    assert [(r["date"], r["value"], r["grade"], r["is_best"]) for r in figs] == [
        ("2024-12-19", "100", "B3", "False"), ("2025-01-13", "300", "B4", "False"),
        ("2025-01-15", "1000", "C5", "False"), ("2025-04-30", "600", "B3", "True"), ("2025-05-02", "620", "B3", "False")]
    assert figs[0]["outlets"] == "Yonhap;Reuters"


def test_parquet_claims_typed_and_lossless(story, tmp_path):
    out = tmp_path / "claims.parquet"
    res = CliRunner().invoke(app, ["export", "--format", "parquet", "--db", story[0], "--out", str(out)])
    assert res.exit_code == 0, res.output
    table = pq.read_table(out)
    assert table.schema.equals(CLAIM_SCHEMA, check_metadata=False)
    assert table.schema.field("value").type == pa.float64()
    assert table.schema.field("time").type.field("date").type == pa.date32()
    assert table.num_rows == 11
    by_id = {c.id: c for c in _all_claims(story)}
    for rec in claim_records(table):
        assert rec == by_id[rec["id"]].to_dict()


def test_parquet_figures(story, tmp_path):
    out = tmp_path / "figures.parquet"
    api.export(story[0], fmt="parquet", what="figures", out=str(out))
    table = pq.read_table(out)
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("via").type == pa.list_(pa.string())
    rows = [r for r in table.to_pylist() if r["label"] == "North Korea: killed"]
    assert [r["value"] for r in rows] == [100.0, 300.0, 1000.0, 600.0, 620.0]
    assert [r["credibility"] for r in rows] == [3, 4, 5, 3, 3]
    assert rows[3]["is_best"] and rows[3]["outlets"] == ["Yonhap", "The Guardian"]


def test_parquet_needs_a_file(story):
    res = CliRunner().invoke(app, ["export", "--format", "parquet", "--db", story[0]])
    assert res.exit_code != 0


def test_geojson_valid(story):
    import geojson

    text = api.export(story[0], fmt="geojson")
    fc = geojson.loads(text)
    assert fc.is_valid, fc.errors()
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 3  # the claims placed in Ukraine (49N 32E)
    for feat in fc["features"]:
        assert feat["geometry"]["coordinates"] == [32.0, 49.0]  # longitude first
        assert feat["properties"]["location_country"] == "UA" and feat["properties"]["grade"]
    figs = geojson.loads(api.export(story[0], fmt="geojson", what="figures"))
    assert figs.is_valid and len(figs["features"]) == 2  # the 600 (two outlets) and the 620


def test_gkg_counts(story):
    text = api.export(story[0], fmt="gkg", actor="KP")
    lines = [line.split("\t") for line in text.rstrip("\n").split("\n")]
    assert lines[0] == GKG_COLUMNS
    body = [dict(zip(GKG_COLUMNS, line)) for line in lines[1:]]
    assert all(len(line) == 15 for line in lines)
    kills = sorted((r["DATE"], int(r["NUMBER"])) for r in body if r["COUNTTYPE"] == "KILL")
    assert kills == [("20241219", 100), ("20241219", 100), ("20250113", 300), ("20250115", 1000),
                     ("20250430", 600), ("20250501", 600), ("20250502", 620)]
    assert {r["COUNTTYPE"] for r in body} == {"KILL", "WOUND"}  # casualties has no GKG type
    placed = [r for r in body if r["GEO_TYPE"] == "1"]
    assert placed and all(r["GEO_COUNTRYCODE"] == "UP" and r["GEO_FULLNAME"] == "Ukraine" for r in placed)
    figs = api.export(story[0], fmt="gkg", what="figures", metric="killed", actor="KP")
    rows = [dict(zip(GKG_COLUMNS, line.split("\t"))) for line in figs.rstrip("\n").split("\n")[1:]]
    assert [(r["NUMBER"], r["NUMARTS"], r["SOURCES"]) for r in rows][0] == ("100", "2", "Yonhap;Reuters")
    assert "<UDIV>" in rows[0]["SOURCEURLS"]


def test_stix_bundle_parses(story):
    import stix2

    text = api.export(story[0], fmt="stix")
    bundle = stix2.parse(text, allow_custom=True)
    objs = {o.id: o for o in bundle.objects}
    by_type: dict[str, list] = {}
    for o in bundle.objects:
        by_type.setdefault(o.type, []).append(o)
    assert len(by_type["report"]) == 8 and len(by_type["note"]) == 11
    assert len(by_type["opinion"]) == 11
    for o in bundle.objects:  # every reference resolves inside the bundle
        for ref in list(getattr(o, "object_refs", [])) + [getattr(o, "created_by_ref", None)]:
            assert ref is None or ref in objs, (o.id, ref)
    notes = {n.x_claimledger_claim["value"]: n for n in by_type["note"] if n.x_claimledger_claim["kind"] == "figure"}
    assert notes[1000].confidence == 10 and notes[600].confidence == 50
    assert 'admiralty-scale:source-reliability="c"' in notes[1000].labels
    assert 'admiralty-scale:information-credibility="5"' in notes[1000].labels
    ops = {o.object_refs[0]: o for o in by_type["opinion"]}
    assert ops[notes[1000].id].opinion == "strongly-disagree"
    assert ops[notes[300].id].opinion == "disagree"
    figs = stix2.parse(api.export(story[0], fmt="stix", what="figures", metric="killed"), allow_custom=True)
    fnotes = [o for o in figs.objects if o.type == "note" and hasattr(o, "x_claimledger_figure")]
    assert {n.x_claimledger_figure["label"] for n in fnotes} == {"North Korea: killed", "Russia: killed"}
    nk = next(n for n in fnotes if n.x_claimledger_figure["label"] == "North Korea: killed")
    assert nk.confidence == 50 and len(nk.object_refs) == 7


def test_cli_export_to_stdout_and_errors(story):
    runner = CliRunner()
    res = runner.invoke(app, ["export", "--format", "jsonl", "--db", story[0], "--kind", "statement"])
    assert res.exit_code == 0, res.output
    [row] = [json.loads(line) for line in res.stdout.splitlines()]
    assert row["denial"] is True and row["grade"]["code"] == "D5"
    res = runner.invoke(app, ["export", "--format", "xml", "--db", story[0]])
    assert res.exit_code != 0
