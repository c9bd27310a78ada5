namespace Mekong.Accounts;

/// <summary>Site-wide roles. Every account is a member; the first account of a fresh site is also admin.</summary>
public static class Roles
{
    public const string Member = "member";
    public const string Creator = "creator";
    public const string Moderator = "moderator";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Member, Creator, Moderator, Analyst, Admin];

    /// <summary>Policy for site staff who may act on any community's content.</summary>
    public const string StaffPolicy = "staff";

    public const string AdminPolicy = "admin";
}
