"""Parse and validate the district's datasets. No streamlit here: the CLI and the report use it too."""

from data_loaders.loader import LoadResult, data_dir, load_all, load_dataset, parse_bytes
from data_loaders.problems import Problem
from data_loaders.registry import DATASETS

__all__ = ["DATASETS", "LoadResult", "Problem", "data_dir", "load_all", "load_dataset", "parse_bytes"]
