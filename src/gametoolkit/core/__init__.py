"""The game model: the frozen tree, exact values and parameters, the builder, the DSL and validation."""
