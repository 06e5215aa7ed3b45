-- The benchmark's cross-check of the PyPI (source pypi_bigquery) rows of silver.fct_package_downloads_daily
-- (sql/models/silver/fct_package_downloads_daily.sql, its "pypi" CTE), not a second definition used anywhere
-- else. Plain SQL that Spark and DuckDB both run, on silver.stg_pypi__file_downloads exported to Parquet.
-- Input: pypi_downloads.
select
    package_name, download_date, version, installer, country_code, is_ci, is_mirror, is_bot,
    count(*) as downloads
from pypi_downloads
where request_type = 'file_download'
group by package_name, download_date, version, installer, country_code, is_ci, is_mirror, is_bot
