"""The default Songjiang dataset, the policy document and synthetic data — all as template files.

Data live in ``kg/data``: ``default/`` (chains, public layer, sample layer), ``policy/`` (the policy
text and its keyword map) and ``sample_profile.yaml`` (how sample and synthetic data are generated).
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_DIR = DATA_DIR / "default"
CHAINS_FILE = DEFAULT_DIR / "产业链环节.csv"
PUBLIC_DIR = DEFAULT_DIR / "public"
SAMPLE_DIR = DEFAULT_DIR / "sample"
POLICY_DIR = DATA_DIR / "policy"
PROFILE_FILE = DATA_DIR / "sample_profile.yaml"
