# syntax=docker/dockerfile:1
# The Faucet front end (HTTP API, /ws, UI, dashboard): an Orleans client of the contracts, without the grains. Build
# from the repository root:
#   docker build -f deploy/docker/Api.Dockerfile -t faucet-api .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY Grains.Abstractions/Grains.Abstractions.csproj Grains.Abstractions/
COPY Hosting/Hosting.csproj Hosting/
COPY Api/Api.csproj Api/
RUN dotnet restore Api/Api.csproj
COPY Grains.Abstractions/ Grains.Abstractions/
COPY Hosting/ Hosting/
COPY Api/ Api/
COPY deploy/config/ deploy/config/
RUN dotnet publish Api/Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Faucet.Api.dll"]
