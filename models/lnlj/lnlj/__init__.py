"""LNLJ: Local Non-local Joint Network for facial expression recognition (small CPU variant)."""
