using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mekong.Accounts;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Ignore(u => u.CanReceiveMail);
        b.Property(u => u.DisplayName).HasMaxLength(Platform.Limits.DisplayNameChars).IsRequired();
        b.Property(u => u.HomeCountry).HasMaxLength(8).IsRequired();
        b.Property(u => u.ReadingLanguages).HasMaxLength(200).IsRequired();
        b.Property(u => u.InterfaceLanguage).HasMaxLength(16).IsRequired();
        b.Property(u => u.Bio).HasMaxLength(Platform.Limits.BioChars).IsRequired();
        b.Property(u => u.TimeZone).HasMaxLength(Display.TimeZones.MaxChars).IsRequired().HasDefaultValue(Display.TimeZones.Default);
        b.Property(u => u.Theme).HasMaxLength(8).IsRequired().HasDefaultValue(Display.Themes.System);
        b.Property(u => u.FeedToken).HasMaxLength(40);
        b.HasIndex(u => u.FeedToken).IsUnique();
        b.Ignore(u => u.ReadingLanguageList);
        b.Property(u => u.Handle).HasMaxLength(MemberHandles.MaxChars);
        b.HasIndex(u => u.Handle).IsUnique();
    }
}
