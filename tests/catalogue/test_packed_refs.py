"""An assessment's refs are kept as JSON text until its page reads them."""

from __future__ import annotations

import pickle

from generator.catalogue.values import PackedRefs, Ref, RefKind

REFS = {
    "s2-system-1": [Ref(RefKind.SYSTEM, "s-1a2b", "住民基本台帳システム")],
    "cover-agency": [Ref(RefKind.AGENCY, "130001-chiji", "東京都知事")],
    "s3-basis": [
        Ref(RefKind.PROVISION, "bango:19:8", "番号法第19条第8号"),
        Ref(RefKind.LAW, "bango", "番号法"),
    ],
}


def test_packed_refs_read_as_the_mapping_they_were_made_from_sorted_by_anchor() -> None:
    packed = PackedRefs.pack(REFS)
    expected = {anchor: tuple(REFS[anchor]) for anchor in sorted(REFS)}
    assert packed.unpack() == expected
    assert list(packed.items()) == list(expected.items())
    assert packed["s3-basis"][0].kind is RefKind.PROVISION
    assert len(packed) == 3 and "cover-agency" in packed and "x" not in packed
    assert packed == expected and packed == PackedRefs.pack(dict(reversed(REFS.items())))
    assert packed != PackedRefs.pack({**REFS, "x": []})


def test_packed_refs_pickle_as_their_text() -> None:
    packed = PackedRefs.pack(REFS)
    again = pickle.loads(pickle.dumps(packed))
    assert again == packed and again.text == packed.text
    # one string, no Ref objects to make when an entry is reused
    assert len(pickle.dumps(packed)) < len(packed.text.encode()) + len(PackedRefs.__qualname__) + 60
    assert PackedRefs() == {} and not PackedRefs()
