"""Grouping statements into recurring themes: offline, deterministic, explainable.

1. Lexicon (data/themes.yaml): a statement scores points per theme for the theme's words it contains
   (whole words after segmentation); it joins the theme with the most points.
2. TF-IDF (scikit-learn) over the statements' newmm words, PyThaiNLP stop words left out. A tie in
   points goes to the theme whose seed words (its lexicon) are most similar (cosine) to the statement.
3. Statements with no lexicon word join the theme whose centroid (mean vector of the statements
   the lexicon placed there) is nearest, if the cosine similarity reaches SIMILARITY_MIN.
4. The rest are clustered (agglomerative, average linkage, cosine; k-means when there are many).
   Clusters of two or more become themes labelled by their top TF-IDF words; singletons go to "อื่น ๆ".
Every assignment records why it was made (`Assignment.reason`) so that a page can show it.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from .lexicon import Lexicon, default_lexicon
from .statements import Statement

SIMILARITY_MIN = 0.35
CLUSTER_DISTANCE_MAX = 0.75  # cosine distance: clusters whose members are at least 0.25 similar
AGGLOMERATIVE_LIMIT = 1500  # above this many leftovers, k-means (agglomerative needs n² memory)
TOP_TERMS = 3
EXAMPLES = 3

SOURCE_LEXICON = "lexicon"
SOURCE_CLUSTER = "cluster"
SOURCE_OTHER = "other"

REASON_KEYWORDS = "keywords"
REASON_SIMILARITY = "similarity"
REASON_CLUSTER = "cluster"


@dataclass
class Assignment:
    statement: Statement
    reason: str
    matched: list[str] = field(default_factory=list)  # lexicon words found, or the cluster's top terms
    similarity: float | None = None


@dataclass
class Theme:
    key: str
    label: str
    source: str
    keywords: list[str]
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.assignments)

    @property
    def agencies(self) -> list[str]:
        return sorted({a.statement.agency_label for a in self.assignments})

    @property
    def items(self) -> list[int]:
        return sorted({a.statement.item_number for a in self.assignments})

    @property
    def rounds(self) -> list[str]:
        return sorted({a.statement.round_key for a in self.assignments})

    @property
    def examples(self) -> list[Assignment]:
        """Up to EXAMPLES statements, from as many different agencies and items as there are."""
        picked: list[Assignment] = []
        seen: set[tuple[str, int]] = set()
        for a in self.assignments:
            key = (a.statement.agency_label, a.statement.item_number)
            if key not in seen and not any(p.statement.agency_label == key[0] for p in picked):
                picked.append(a)
                seen.add(key)
        for a in self.assignments:
            if len(picked) >= EXAMPLES:
                break
            if a not in picked:
                picked.append(a)
        return picked[:EXAMPLES]


def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())


def _terms(words: list[str], stop: frozenset[str]) -> list[str]:
    return [w for w in words if w not in stop and len(w) > 1 and not w.replace(".", "").isdigit()]


def analyse(statements: list[Statement], lexicon: Lexicon | None = None) -> list[Theme]:
    """The themes of these statements, most frequent first; leftovers ("อื่น ๆ") last."""
    lexicon = lexicon or default_lexicon()
    by_key = {t.key: t for t in lexicon.themes}
    themes = {
        t.key: Theme(key=t.key, label=t.label, source=SOURCE_LEXICON, keywords=[e[2] for e in t.entries])
        for t in lexicon.themes
    }
    if not statements:
        return []

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    stop = _stopwords()
    docs = [_terms(s.words, stop) for s in statements]
    vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2")
    has_vocabulary = any(docs)
    matrix = vectorizer.fit_transform(docs) if has_vocabulary else None
    seed_vectors = (
        {t.key: vectorizer.transform([_terms(t.seed_words, stop)]) for t in lexicon.themes}
        if has_vocabulary
        else {}
    )

    # 1–2. Lexicon, ties broken by similarity to the theme's seed words, then by the order in the file.
    leftovers: list[int] = []
    lexicon_rows: dict[str, list[int]] = {}
    for i, st in enumerate(statements):
        scores = lexicon.scores(st.words)
        if not scores:
            leftovers.append(i)
            continue
        best = max(scores.values())
        tied = [k for k, v in scores.items() if v == best]
        if len(tied) > 1 and matrix is not None:
            seed_sims = {k: float((matrix[i] @ seed_vectors[k].T).toarray()[0, 0]) for k in tied}
            tied.sort(key=lambda k: (-seed_sims[k], by_key[k].order))
        else:
            tied.sort(key=lambda k: by_key[k].order)
        key = tied[0]
        themes[key].assignments.append(Assignment(st, REASON_KEYWORDS, lexicon.matched(key, st.words)))
        lexicon_rows.setdefault(key, []).append(i)

    # 3. Nearest lexicon theme by centroid, for statements that name no lexicon word.
    if matrix is not None and lexicon_rows and leftovers:
        keys = list(lexicon_rows)
        centroids = normalize(
            np.vstack([np.asarray(matrix[rows].mean(axis=0)) for rows in lexicon_rows.values()])
        )
        still: list[int] = []
        for i in leftovers:
            centroid_sims = np.asarray(matrix[i] @ centroids.T).ravel()
            j = int(centroid_sims.argmax()) if centroid_sims.size else 0
            if centroid_sims.size and centroid_sims[j] >= SIMILARITY_MIN:
                themes[keys[j]].assignments.append(
                    Assignment(statements[i], REASON_SIMILARITY, similarity=round(float(centroid_sims[j]), 2))
                )
            else:
                still.append(i)
        leftovers = still

    result = [t for t in themes.values() if t.assignments]
    # 4. Clusters of what is left.
    other = Theme(key="other", label=_("อื่น ๆ (ยังไม่จัดกลุ่ม)"), source=SOURCE_OTHER, keywords=[])
    if matrix is not None and leftovers:
        for n, rows in enumerate(_clusters(matrix, leftovers)):
            if len(rows) < 2:
                other.assignments.extend(Assignment(statements[i], REASON_CLUSTER) for i in rows)
                continue
            top = _top_terms(matrix, rows, vectorizer.get_feature_names_out())
            theme = Theme(key=f"cluster-{n + 1}", label=" · ".join(top), source=SOURCE_CLUSTER, keywords=top)
            theme.assignments.extend(Assignment(statements[i], REASON_CLUSTER, top) for i in rows)
            result.append(theme)
    else:
        other.assignments.extend(Assignment(statements[i], REASON_CLUSTER) for i in leftovers)
    result.sort(key=lambda t: (-t.count, by_key[t.key].order if t.key in by_key else len(by_key), t.key))
    if other.assignments:
        result.append(other)
    return result


def _clusters(matrix, rows: list[int]) -> list[list[int]]:
    """Groups of `rows` (indices into matrix) with similar words; rows with no words are singletons."""
    with_words = [i for i in rows if matrix[i].nnz]
    singles = [[i] for i in rows if not matrix[i].nnz]
    if len(with_words) < 2:
        return [[i] for i in with_words] + singles
    sub = matrix[with_words]
    if len(with_words) <= AGGLOMERATIVE_LIMIT:
        from sklearn.cluster import AgglomerativeClustering

        labels = AgglomerativeClustering(
            n_clusters=None, distance_threshold=CLUSTER_DISTANCE_MAX, metric="cosine", linkage="average"
        ).fit_predict(sub.toarray())
    else:
        from sklearn.cluster import KMeans

        k = max(2, min(40, len(with_words) // 25))
        labels = KMeans(n_clusters=k, n_init=3, random_state=0).fit_predict(sub)
    groups: dict[int, list[int]] = {}
    for i, label in zip(with_words, labels, strict=True):
        groups.setdefault(int(label), []).append(i)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
    return ordered + singles


def _top_terms(matrix, rows: list[int], names) -> list[str]:
    weights = np.asarray(matrix[rows].sum(axis=0)).ravel()
    # Prefer words used by several members of the cluster, then the heaviest.
    present = Counter(j for i in rows for j in matrix[i].indices)
    order = sorted(range(len(weights)), key=lambda j: (-present.get(j, 0), -weights[j]))
    return [str(names[j]) for j in order[:TOP_TERMS] if weights[j] > 0]
