# assay-run windows: outputs checked against core, bad input (exit 2, nothing written).
