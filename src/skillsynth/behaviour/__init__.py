"""How the trained models behave on cases built to probe them (CheckList: invariance, direction, minimum function)."""
