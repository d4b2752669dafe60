"""The reader layer: every bad input yields one clear ReadError and the stream goes on."""
from __future__ import annotations

import builtins
import inspect
import io
import json
import pickle
import tracemalloc
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from claimledger.ingest import Document, ReadError, detect_language, read_inputs, read_text
from claimledger.ingest import readers

PRESS_RELEASE = (
    "KABUL, Afghanistan (Nov. 20, 2011) - A coalition security force detained two suspected "
    "insurgents in Marjeh district, Helmand province, yesterday. No shots were fired.\n"
)

FOREIGN = {
    "German": "Nach Angaben des ukrainischen Generalstabs wurden bei den Kämpfen in der Region "
    "Kursk etwa 600 nordkoreanische Soldaten getötet. Die Zahl der Verwundeten sei deutlich "
    "höher, sagte ein Sprecher am Mittwoch.",
    "French": "Selon les services de renseignement sud-coréens, environ 600 soldats nord-coréens "
    "ont été tués dans la région de Koursk. Le nombre de blessés serait bien plus élevé, a "
    "déclaré un député mercredi.",
    "Spanish": "Según los servicios de inteligencia surcoreanos, unos 600 soldados norcoreanos han "
    "muerto en la región de Kursk. El número de heridos sería mucho mayor, dijo un diputado el "
    "miércoles.",
    "Russian": "По данным южнокорейской разведки, около 600 северокорейских солдат погибли в "
    "Курской области. Число раненых значительно выше, заявил депутат в среду.",
    "Arabic": "قال مسؤولون إن نحو 600 جندي كوري شمالي قتلوا في منطقة كورسك، وإن عدد الجرحى أكبر "
    "بكثير، بحسب نائب في البرلمان الكوري الجنوبي.",
    "Korean": "국가정보원은 쿠르스크 지역에서 북한군 약 600명이 사망했다고 밝혔다. 부상자는 훨씬 "
    "많은 것으로 추정된다고 한 의원이 수요일 전했다.",
}


def one(inputs, **kw):
    out = list(read_inputs(inputs, **kw))
    assert len(out) == 1, out
    return out[0]


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def jsonl(path: Path, records) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return write(path, "\n".join(lines) + "\n")


# ----------------------------------------------------------------------------- good input


def test_text_file_ref_is_path_as_given_and_published_default(tmp_path):
    p = write(tmp_path / "a.txt", PRESS_RELEASE)
    doc = one([str(p)], published=date(2011, 11, 20))
    assert isinstance(doc, Document)
    assert doc.ref == str(p)
    assert doc.text == PRESS_RELEASE
    assert doc.published == date(2011, 11, 20)
    assert doc.language == "en"


def test_path_objects_and_any_extension_when_named(tmp_path):
    p = write(tmp_path / "release.article", PRESS_RELEASE)
    doc = one([p])
    assert isinstance(doc, Document) and doc.ref == str(p)


def test_bom_stripped_and_crlf_normalised(tmp_path):
    p = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + PRESS_RELEASE.replace("\n", "\r\n").encode())
    doc = one([p])
    assert doc.text == PRESS_RELEASE
    assert not doc.text.startswith("\ufeff") and "\r" not in doc.text


def test_folder_recursion_sorted_skips_hidden_and_other_extensions(tmp_path):
    root = tmp_path / "corpus"
    write(root / "b.txt", PRESS_RELEASE.replace("two", "three"))
    write(root / "a" / "z.md", PRESS_RELEASE.replace("two", "four"))
    write(root / "a" / "deeper" / "c.text", PRESS_RELEASE.replace("two", "five"))
    jsonl(root / "c.jsonl", [{"id": "r1", "text": PRESS_RELEASE}])
    write(root / ".hidden.txt", PRESS_RELEASE)
    write(root / ".git" / "notes.txt", PRESS_RELEASE)
    write(root / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(root / "page.html", "<p>" + PRESS_RELEASE + "</p>")
    write(root / "LICENSE-corpus.md", "# Licence\n\nThese articles are shared under CC BY 4.0.\n")
    write(root / "README.txt", "About this corpus: the files in this folder are news articles.\n")
    out = list(read_inputs([root]))
    assert all(isinstance(d, Document) for d in out), out
    assert [d.ref for d in out] == [
        str(root / "a" / "deeper" / "c.text"),
        str(root / "a" / "z.md"),
        str(root / "b.txt"),
        "r1",
        str(root / "page.html"),
    ]


def test_empty_folder_is_one_error(tmp_path):
    (tmp_path / "nothing").mkdir()
    err = one([tmp_path / "nothing"])
    assert isinstance(err, ReadError) and "no .txt" in err.reason


def test_stdin_text_from_text_or_bytes_stream():
    doc = one(["-"], stdin=io.StringIO(PRESS_RELEASE), published=date(2011, 11, 20))
    assert doc.ref == "-" and doc.text == PRESS_RELEASE and doc.published == date(2011, 11, 20)
    doc = one(["-"], stdin=io.BytesIO(PRESS_RELEASE.encode()))
    assert doc.text == PRESS_RELEASE


def test_stdin_jsonl_is_one_document_per_record():
    data = "\n".join(json.dumps({"id": f"r{i}", "text": PRESS_RELEASE}) for i in range(3)) + "\n"
    out = list(read_inputs(["-"], stdin=io.BytesIO(data.encode())))
    assert [d.ref for d in out] == ["r0", "r1", "r2"]


def test_jsonl_fields_refs_and_per_record_published(tmp_path):
    p = jsonl(tmp_path / "c.jsonl", [
        {"id": "a", "text": PRESS_RELEASE, "published": "2011-11-20", "url": "https://x.example/a",
         "title": "T", "publisher": "ISAF", "language": "en", "extra": 1},
        {"text": PRESS_RELEASE, "published": "2012-03-04T22:15:00Z"},
        {"id": 7, "text": PRESS_RELEASE},
    ])
    a, b, c = read_inputs([p], published=date(2000, 1, 1))
    assert (a.ref, a.published, a.url, a.title, a.publisher) == (
        "a", date(2011, 11, 20), "https://x.example/a", "T", "ISAF")
    assert a.meta["extra"] == 1
    assert b.ref == f"{p}:2" and b.published == date(2012, 3, 4)
    assert c.ref == "7" and c.published == date(2000, 1, 1)


def test_read_inputs_streams_jsonl_without_reading_the_whole_file(tmp_path, monkeypatch):
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": PRESS_RELEASE}) + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        for _ in range(100_000):
            fh.write(line)
    size = path.stat().st_size

    consumed = {"bytes": 0}

    class Counting(io.RawIOBase):
        def __init__(self, raw):
            self.raw = raw

        def readable(self):
            return True

        def readinto(self, b):
            n = self.raw.readinto(b)
            consumed["bytes"] += n or 0
            return n

        def close(self):
            self.raw.close()
            super().close()

    def counting_open(file, mode="r", *args, **kw):
        if Path(file) == path:
            assert "b" in mode
            return io.BufferedReader(Counting(builtins.open(file, "rb", buffering=0)))
        return builtins.open(file, mode, *args, **kw)

    monkeypatch.setattr(readers, "open", counting_open, raising=False)
    stream = read_inputs([path])
    assert inspect.isgenerator(stream)
    first = next(stream)
    assert isinstance(first, Document) and first.ref == f"{path}:1"
    assert 0 < consumed["bytes"] < size / 100
    stream.close()


def test_stdin_jsonl_is_streamed_too():
    line = (json.dumps({"text": PRESS_RELEASE}) + "\n").encode()

    class Endless(io.RawIOBase):
        """An unbounded stdin: reading it all would never finish."""
        def readable(self):
            return True

        def readinto(self, b):
            n = len(b)
            b[:n] = (line * (n // len(line) + 1))[:n]
            return n

    stream = read_inputs(["-"], stdin=io.BufferedReader(Endless()))
    assert isinstance(next(stream), Document)
    assert isinstance(next(stream), Document)


def test_short_english_press_release_passes():
    doc = read_text("ISAF confirmed the death of two civilians in Helmand. The incident is under "
                    "investigation.", ref="r")
    assert doc.language == "en"
    assert read_text("Taliban leader captured in Paktika").language == "en"


def test_read_text_builds_checked_documents():
    doc = read_text(PRESS_RELEASE, ref="mine", published="2011-11-20", url="u", title="t")
    assert (doc.ref, doc.published, doc.url, doc.title) == ("mine", date(2011, 11, 20), "u", "t")
    assert read_text(PRESS_RELEASE.encode()).text == PRESS_RELEASE
    with pytest.raises(ReadError) as e:
        read_text(FOREIGN["German"], ref="de-article")
    assert e.value.ref == "de-article" and "German" in e.value.reason
    with pytest.raises(ReadError):
        read_text("   \n ")


# ----------------------------------------------------------------------------- bad input


def test_missing_path(tmp_path):
    err = one([tmp_path / "nope.txt"])
    assert isinstance(err, ReadError)
    assert err.ref == str(tmp_path / "nope.txt") and "no such file" in err.reason


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_or_whitespace_file(tmp_path, content):
    err = one([write(tmp_path / "e.txt", content)])
    assert isinstance(err, ReadError) and ("empty" in err.reason or "whitespace" in err.reason)


def test_binary_file_with_nul(tmp_path):
    err = one([write(tmp_path / "b.txt", b"PK\x03\x04\x14\x00\x00\x00hello")])
    assert isinstance(err, ReadError) and "binary" in err.reason


def test_binary_file_of_control_characters(tmp_path):
    err = one([write(tmp_path / "c.txt", bytes(range(1, 32)) * 20 + b"some text")])
    assert isinstance(err, ReadError) and "binary" in err.reason and "control" in err.reason


def test_invalid_utf8_names_the_byte_offset(tmp_path):
    data = "Coalition forces said ".encode() + b"\xe9t\xe9 killed."
    err = one([write(tmp_path / "latin1.txt", data)])
    assert isinstance(err, ReadError)
    assert "invalid UTF-8" in err.reason and "byte offset 22" in err.reason


def test_file_over_max_bytes_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:  # sparse: no 50 MB written to disk
        fh.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        err = one([p])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(err, ReadError)
    assert "52,428,800" in err.reason and "10,000,000" in err.reason
    assert peak < 2_000_000


def test_max_bytes_is_configurable(tmp_path):
    p = write(tmp_path / "a.txt", PRESS_RELEASE)
    err = one([p], max_bytes=50)
    assert isinstance(err, ReadError) and "limit of 50" in err.reason


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_non_english_article_is_refused_with_a_guess(tmp_path, language):
    err = one([write(tmp_path / f"{language}.txt", FOREIGN[language])])
    assert isinstance(err, ReadError)
    assert "not English" in err.reason and language in err.reason
    assert not detect_language(FOREIGN[language]).english


def test_jsonl_line_that_is_not_json_names_file_and_line(tmp_path):
    p = jsonl(tmp_path / "c.jsonl", [{"id": "ok1", "text": PRESS_RELEASE}, "{not json",
                                     {"id": "ok2", "text": PRESS_RELEASE}])
    out = list(read_inputs([p]))
    assert [type(x).__name__ for x in out] == ["Document", "ReadError", "Document"]
    assert out[1].ref == f"{p}:2" and "not valid JSON" in out[1].reason
    assert str(out[1]).startswith(f"{p}:2: ")


def test_jsonl_record_without_text(tmp_path):
    p = jsonl(tmp_path / "c.jsonl", [{"id": "r1", "title": "no body"}, {"title": "anon"}])
    e1, e2 = read_inputs([p])
    assert isinstance(e1, ReadError) and e1.ref == "r1" and "no 'text'" in e1.reason
    assert f"{p}:1" in str(e1)
    assert isinstance(e2, ReadError) and e2.ref == f"{p}:2"


def test_jsonl_record_with_unparseable_published(tmp_path):
    p = jsonl(tmp_path / "c.jsonl", [{"id": "r1", "text": PRESS_RELEASE, "published": "last Tuesday"}])
    err = one([p])
    assert isinstance(err, ReadError) and err.ref == "r1"
    assert "published" in err.reason and "last Tuesday" in err.reason


def test_jsonl_record_in_another_language(tmp_path):
    p = jsonl(tmp_path / "c.jsonl", [{"id": "ru", "text": FOREIGN["Russian"]},
                                     {"id": "de", "text": PRESS_RELEASE, "language": "de"}])
    e1, e2 = read_inputs([p])
    assert "Russian" in e1.reason and "'de'" in e2.reason


def test_jsonl_line_over_max_bytes_is_skipped_and_reading_goes_on(tmp_path):
    p = jsonl(tmp_path / "c.jsonl", [{"id": "big", "text": "x " * 5000},
                                     {"id": "ok", "text": PRESS_RELEASE}])
    err, doc = read_inputs([p], max_bytes=1000)
    assert isinstance(err, ReadError) and err.ref == f"{p}:1" and "too long" in err.reason
    assert isinstance(doc, Document) and doc.ref == "ok"


def test_empty_jsonl_file(tmp_path):
    err = one([write(tmp_path / "e.jsonl", "\n\n")])
    assert isinstance(err, ReadError) and "no JSONL records" in err.reason


def test_each_bad_input_gives_one_error_and_the_stream_goes_on(tmp_path):
    good = write(tmp_path / "good.txt", PRESS_RELEASE)
    inputs = [tmp_path / "missing.txt", write(tmp_path / "empty.txt", b""),
              write(tmp_path / "bin.txt", b"\x00\x01\x02"), good,
              write(tmp_path / "bad.txt", b"\xff\xfe\xfd"), write(tmp_path / "de.txt", FOREIGN["German"]),
              good]
    out = list(read_inputs(inputs))
    kinds = [type(x).__name__ for x in out]
    assert kinds == ["ReadError", "ReadError", "ReadError", "Document", "ReadError", "ReadError",
                     "Document"]
    refs = [x.ref for x in out]
    assert refs == [str(p) for p in inputs]


def test_read_error_is_one_line_and_survives_pickling():
    err = ReadError("corpus.jsonl:3", "not valid JSON: Expecting value at column 1")
    assert str(err) == "corpus.jsonl:3: not valid JSON: Expecting value at column 1"
    assert "\n" not in str(err)
    assert pickle.loads(pickle.dumps(err)) == err
    assert isinstance(err, ValueError)


# ----------------------------------------------------------------------------- bundled examples


def test_bundled_examples_load():
    folder = resources.files("claimledger") / "data" / "examples"
    with resources.as_file(folder) as path:
        out = list(read_inputs([path]))
        records = [json.loads(line) for line in (Path(path) / "articles.jsonl").read_text("utf-8").splitlines()]
        assert (Path(path) / "LICENSE-ISAF.md").exists()
    errors = [x for x in out if isinstance(x, ReadError)]
    assert not errors, errors
    assert len(out) >= 30
    assert all(d.published is not None for d in out)
    assert all(d.language == "en" and detect_language(d.text).english for d in out)
    assert len({d.id for d in out}) == len(out)
    seed = out[0]
    assert seed.ref == "seed-3f15263bc76710e2" and seed.published == date(2025, 5, 1)
    assert seed.text.startswith("Around 600 North Korean soldiers")
    assert all(d.ref.startswith("isaf-") for d in out[1:])
    for rec in records:
        assert "gold" not in rec
        assert rec["licence"]
    assert all("CC BY-SA 4.0" in r["licence"] for r in records if r["id"].startswith("isaf-"))
