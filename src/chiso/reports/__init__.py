"""Review reports (Word, Excel, PDF) generated from the engine's figures."""
