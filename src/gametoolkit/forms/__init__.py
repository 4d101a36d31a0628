"""A game's strategic and sequence forms, exactly: the matrices the Nash solvers work on."""
