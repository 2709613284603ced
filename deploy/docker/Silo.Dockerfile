# syntax=docker/dockerfile:1
# The Faucet silo. Build from the repository root:
#   docker build -f deploy/docker/Silo.Dockerfile -t faucet-silo .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY Grains.Abstractions/Grains.Abstractions.csproj Grains.Abstractions/
COPY Hosting/Hosting.csproj Hosting/
COPY Grains/Grains.csproj Grains/
COPY Silo/Silo.csproj Silo/
RUN dotnet restore Silo/Silo.csproj
COPY Grains.Abstractions/ Grains.Abstractions/
COPY Hosting/ Hosting/
# Hosting builds in the player app's words, which the configuration's checks read.
COPY Api/wwwroot/locales/ Api/wwwroot/locales/
COPY Grains/ Grains/
COPY Silo/ Silo/
COPY deploy/sql/ deploy/sql/
COPY deploy/config/ deploy/config/
RUN dotnet publish Silo/Silo.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's unprivileged "app" user; the silo needs no root for its ports (above 1024).
USER $APP_UID
ENV DOTNET_gcServer=1
# 11111: silo-to-silo; 30000: gateway for the Api; 9464: Prometheus /metrics.
EXPOSE 11111 30000 9464
ENTRYPOINT ["dotnet", "Faucet.Silo.dll"]
