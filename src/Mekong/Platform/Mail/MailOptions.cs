using System.ComponentModel.DataAnnotations;

namespace Mekong.Platform.Mail;

/// <summary>How the site reaches its SMTP server (section <c>Mail</c>). Without <see cref="Host"/> no mail is sent.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The SMTP server's host name; empty means mail is not configured.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>The sender, as "Name &lt;address&gt;" or a bare address.</summary>
    [Required]
    public string From { get; set; } = "Mekong <noreply@localhost>";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary><c>Auto</c> (STARTTLS when offered), <c>StartTls</c> (required), <c>SslOnConnect</c> or <c>None</c>.</summary>
    public MailSecurity Security { get; set; } = MailSecurity.Auto;

    /// <summary>Seconds one SMTP conversation may take before it is abandoned and retried later.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Attempts before a message is given up (dead-lettered, kept for an admin to see).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

public enum MailSecurity
{
    Auto,
    StartTls,
    SslOnConnect,
    None,
}
