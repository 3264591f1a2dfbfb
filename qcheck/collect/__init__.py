"""Live, read-only collection of an AWS organization into a snapshot (`qcheck collect`).

One module per AWS service, each with `get_*` functions (boto3 I/O only) and pure
`transform_*` functions (API responses to snapshot nodes and edges); `run` orchestrates.
boto3 is imported only by `session`, and only when collecting, so `qcheck --help` and
`qcheck check` stay fast.
"""
