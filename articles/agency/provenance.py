"""What an agency sent, read back from the provenance records that keep it as received."""

from articles.agency import wire
from articles.models import ProvenanceRecord


def agency_text(record):
    """Title and body as the agency wrote them, in the shape of an article's text."""
    received = wire.parse(record.received_text)
    return f"{received.title}\n\n{received.body}"


def reads_as(record, article):
    """Whether the article's title and body are exactly this text of the agency's."""
    received = wire.parse(record.received_text)
    return received.title == article.title and received.body == article.body


def is_agency_text_unchanged(article):
    """True when the article reads exactly as one of the texts the agency sent, False when
    we edited it, None when it has no provenance (our own reporting, or typed in)."""
    records = list(ProvenanceRecord.objects.filter(article=article))
    if not records:
        return None
    return any(reads_as(record, article) for record in records)
