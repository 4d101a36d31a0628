"""Checking our answers: the Gambit cross-check, random games and reliability properties."""
