"""Exact algebra: linear systems, polynomials, vertex enumeration, strategic and sequence forms."""
