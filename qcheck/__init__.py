"""qcheck: policy-as-code compliance checks for AWS Organizations, IAM Identity Center and
Amazon Q Developer."""

__version__ = "0.1.0"
