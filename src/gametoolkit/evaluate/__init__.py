"""What a profile implies: reach probabilities, beliefs, subgames, support enumeration."""
