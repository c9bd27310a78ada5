namespace Mekong.Audit;

/// <summary>The tamper-evident audit log: moderation, administration and privacy actions append to it.</summary>
public static class AuditModule
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditLog>();
        return builder;
    }
}
