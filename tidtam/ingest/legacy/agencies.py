"""Recognising agencies from the ways a report names them.

Tables use abbreviations (สพป.สค., สพม.สค. สส.); narratives use full names, spelled inconsistently
("สำนักงานเขตพื้นที่ศึกษามัธยมศึกษา…", "หน่วยงาน : …"). An agency is identified within a document by its
kind (from agency_kinds.yaml) and, where a province has several of one kind, by its area number."""

import re
from collections import Counter
from dataclasses import dataclass, field

from tidtam.common.thai import to_arabic_digits
from tidtam.orgs.services import agency_kinds

from .agency_match import Candidate, Match, best_match
from .textutil import clean, key

OFFICE_KIND = "provincial_office"
_LATIN = re.compile("[A-Za-z]")


@dataclass
class AgencyRef:
    """One agency as seen in the document."""

    kind: str
    district: str = ""
    labels: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)
    first_line: int = 0

    @property
    def ident(self) -> str:
        return f"{self.kind}:{self.district}" if self.district else self.kind

    @property
    def label(self) -> str:
        """The label the tables use most; a label with Latin letters among Thai ones (an OCR misreading,
        "สพม.สค. aa.") only when there is no other."""
        if not self.labels:
            return ""
        return min(self.labels, key=lambda t: (bool(_LATIN.search(t)), -self.labels[t]))

    @property
    def name(self) -> str:
        return self.names.most_common(1)[0][0] if self.names else ""


class AgencyResolver:
    def __init__(self) -> None:
        self.kinds = agency_kinds()
        self._patterns = [(k["code"], [re.compile(p) for p in k["patterns"]]) for k in self.kinds]
        self._abbr = sorted(((k["abbreviation"], k["code"]) for k in self.kinds), key=lambda a: -len(a[0]))
        self.order = {k["code"]: i for i, k in enumerate(self.kinds)}
        self.refs: dict[str, AgencyRef] = {}

    def kind_info(self, code: str) -> dict:
        return next(k for k in self.kinds if k["code"] == code)

    @staticmethod
    def _district(text: str) -> str:
        m = re.search(r"เขต\s*(\d+)\s*$", to_arabic_digits(text))
        return m.group(1) if m else ""

    def kind_of_name(self, name: str) -> str | None:
        k = key(name)
        for code, patterns in self._patterns:
            if any(p.search(k) for p in patterns):
                return code
        return None

    def kind_of_label(self, label: str) -> str | None:
        k = clean(label).replace(" ", "")
        for abbr, code in self._abbr:
            if k.startswith(abbr.replace(" ", "")):
                return code
        return None

    def _ref(self, kind: str, district: str, line: int) -> AgencyRef:
        ident = f"{kind}:{district}" if district else kind
        if ident not in self.refs:
            self.refs[ident] = AgencyRef(kind=kind, district=district, first_line=line)
        return self.refs[ident]

    def from_name(self, name: str, line: int) -> AgencyRef | None:
        name = clean(name).strip(" :")
        kind = self.kind_of_name(name)
        if kind is None:
            return None
        ref = self._ref(kind, self._district(name), line)
        ref.names[name] = ref.names[name] + 1
        return ref

    def from_label(self, label: str, line: int) -> AgencyRef | None:
        label = clean(label)
        kind = self.kind_of_label(label)
        if kind is None:
            return None
        m = re.search(r"(\d+)\s*$", to_arabic_digits(label))
        ref = self._ref(kind, m.group(1) if m else "", line)
        ref.labels[label] = ref.labels[label] + 1
        return ref

    def candidates(self, province: dict | None) -> list[Candidate]:
        """What a table label in this document can stand for: each kind's abbreviation and full name
        with the province's, and the labels and names already seen."""
        out = []
        if province:
            for k in self.kinds:
                out.append(Candidate(f"{k['abbreviation']}{province.get('abbreviation', '')}", k["code"]))
                out.append(Candidate(f"{k['name']}{province['name']}", k["code"]))
        for ref in self.refs.values():
            out.extend(Candidate(text, ref.kind, ref.district) for text in [*ref.labels, *ref.names])
        return out

    def match_label(self, label: str, line: int, province: dict | None) -> tuple[AgencyRef, Match] | None:
        """A label no kind's abbreviation starts (an OCR misreading) matched to a known agency. The
        misread label is not kept as one of the agency's labels."""
        match = best_match(clean(label), self.candidates(province))
        if match is None:
            return None
        return self._ref(match.candidate.kind, match.candidate.district, line), match

    def ordered(self) -> list[AgencyRef]:
        return sorted(
            self.refs.values(), key=lambda r: (self.order.get(r.kind, 99), r.district, r.first_line)
        )
