using System.Text.Json;

namespace Faucet.Api.Features.Audit;

/// <summary>One row of the audit log: who did what to whom, when, and the details they left.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset OccurredAt, string Actor, string Action, string? Subject, JsonElement Detail);
