"""Equilibrium solvers, one module per concept; each returns a frozen Solution."""
