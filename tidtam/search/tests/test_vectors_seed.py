"""Every text of the seed gets the vector the database would compute (tidtam.search.vectors)."""

import pytest
from django.db import connection

from tidtam.search.models import SearchDocument
from tidtam.search.services import search_reindex
from tidtam.search.tests.test_vectors import _stored_differs


@pytest.mark.django_db
def test_every_indexed_seed_text_has_the_vector_the_database_would_compute(seed_round):
    assert search_reindex()["documents"] > 300
    if connection.vendor == "postgresql":
        assert _stored_differs() == 0
        assert not SearchDocument.objects.filter(search_vector__isnull=True).exists()
    else:
        # SQLite searches its FTS5 table: the column stays empty.
        assert not SearchDocument.objects.filter(search_vector__isnull=False).exists()
