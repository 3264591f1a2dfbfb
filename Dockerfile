# qcheck in a container: `docker run --rm -v "$PWD:/work" qcheck check snapshot.json`.
# The builder stage makes the wheel from this checkout (with the built-in policies inside
# it); the runtime stage installs only that wheel and its dependencies, and runs as an
# unprivileged user. docs/ci.md shows how to build and run it.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
WORKDIR /src
COPY pyproject.toml README.md ./
COPY qcheck ./qcheck
COPY policies ./policies
RUN python -m pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM ${PYTHON_IMAGE}
ARG EXTRAS=collect
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=builder /wheels /wheels
RUN set -eu; \
    wheel="$(ls /wheels/qcheck-*.whl)"; \
    python -m pip install --no-cache-dir "${wheel}${EXTRAS:+[$EXTRAS]}"; \
    rm -rf /wheels; \
    useradd --system --uid 10001 --user-group --home-dir /home/qcheck --create-home qcheck
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["qcheck"]
CMD ["--help"]
