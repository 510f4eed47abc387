# Raincheck's production image: the wheel (templates, static files, migrations and catalogs
# inside) on a slim Python, run by an unprivileged user under gunicorn with the packaged
# settings (addon/gunicorn_conf.py). README, "Running it in production", says how to deploy it:
# migrations run once per release (`raincheck db upgrade`), not in every container.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY addon addon
COPY cards cards
COPY templates templates
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=8080
RUN useradd --create-home --uid 10001 raincheck
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER raincheck
WORKDIR /home/raincheck
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=2)"
CMD ["gunicorn", "--config", "python:addon.gunicorn_conf"]
