"""The content API: articles as IPTC ninjs documents for partners, and agencies' push."""
