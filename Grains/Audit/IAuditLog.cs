namespace Faucet.Audit;

/// <summary>The append-only audit log (table <c>audit_log</c>): every admin action and suspicious event.</summary>
public interface IAuditLog
{
    Task RecordAsync(string actor, string action, string? subject, object? detail, CancellationToken cancellationToken);
}
