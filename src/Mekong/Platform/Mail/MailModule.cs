namespace Mekong.Platform.Mail;

public static class MailModule
{
    /// <summary>The mail spine: <see cref="IMailSender"/> (the durable outbox) and its dispatcher.</summary>
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MailSignal>();
        builder.Services.AddSingleton<IMailSender, MailOutbox>();
        builder.Services.AddSingleton<MailDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MailDispatcher>());
        return builder;
    }
}
