using System.Reflection;
using Mekong.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Tests.Platform;

/// <summary>
/// The site starts on EF Core compiled models (src/Mekong/Platform/Data/CompiledModels, issue 10: start-up), which do
/// not follow the entity mapping by themselves. This regenerates them the way `dotnet ef dbcontext optimize` does and
/// fails when the committed code differs: a model change without regenerated compiled models fails here, not on a site.
/// </summary>
public sealed class CompiledModelTests
{
    private static string Regenerate(string name) =>
        $"The compiled model is stale: after a Debug build of src/Mekong run `dotnet ef dbcontext optimize --no-build --project src/Mekong --context {name}MekongDb --output-dir Platform/Data/CompiledModels/{name} --namespace Mekong.Platform.Data.CompiledModels.{name}` (docs/configuration.md). ";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public void The_committed_compiled_model_matches_the_mapping(DatabaseProvider provider)
    {
        using MekongDb db = provider == DatabaseProvider.Sqlite
            ? new SqliteMekongDb(new DbContextOptionsBuilder<SqliteMekongDb>().UseSqlite("Data Source=:memory:").Options)
            : new PostgresMekongDb(new DbContextOptionsBuilder<PostgresMekongDb>().UseNpgsql("Host=localhost;Database=mekong_design").Options);
        var name = provider == DatabaseProvider.Sqlite ? "Sqlite" : "Postgres";

        // The design-time model is built from OnModelCreating, whatever compiled model the context would run on.
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
        ProviderDesignTimeServices(db).ConfigureDesignTimeServices(services);
        using var provided = services.BuildServiceProvider();
        var folder = Path.Combine(Repository(), "src", "Mekong", "Platform", "Data", "CompiledModels", name);
        var scaffolded = provided.GetRequiredService<ICompiledModelScaffolder>().ScaffoldModel(
            db.GetService<IDesignTimeModel>().Model,
            Path.Combine(Path.GetTempPath(), "mekong-compiled-" + name),
            new CompiledModelCodeGenerationOptions
            {
                ContextType = db.GetType(),
                ModelNamespace = "Mekong.Platform.Data.CompiledModels." + name,
                Language = "C#",
                UseNullableReferenceTypes = true,
            });

        try
        {
            var expected = scaffolded.ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
            var committed = Directory.GetFiles(folder, "*.cs").ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
            var message = Regenerate(name);
            Assert.True(expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(committed.Keys.Order(StringComparer.Ordinal)), message + "Files differ.");
            foreach (var (file, code) in expected)
            {
                var want = Normalize(code).Split('\n');
                var have = Normalize(committed[file]).Split('\n');
                var line = Enumerable.Range(0, Math.Max(want.Length, have.Length))
                    .FirstOrDefault(i => i >= want.Length || i >= have.Length || want[i] != have[i], -1);
                Assert.True(line < 0, $"{message}{file} differs at line {line + 1}: expected `{(line >= 0 && line < want.Length ? want[line] : "")}`, committed `{(line >= 0 && line < have.Length ? have[line] : "")}`.");
            }
        }
        finally
        {
            foreach (var file in scaffolded)
            {
                File.Delete(file);
            }
        }
    }

    // Each generation draws a new model id; everything else must match.
    private static string Normalize(string code) =>
        System.Text.RegularExpressions.Regex.Replace(code.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(), "modelId: new Guid\\(\"[0-9a-f-]+\"\\)", "modelId: new Guid(…)");

    // The provider names its design-time services in an assembly attribute, as the `dotnet ef` tool finds them.
    private static IDesignTimeServices ProviderDesignTimeServices(MekongDb db)
    {
        var assembly = Assembly.Load(new AssemblyName(db.Database.ProviderName!));
        var attribute = assembly.GetCustomAttribute<DesignTimeProviderServicesAttribute>()!;
        return (IDesignTimeServices)Activator.CreateInstance(assembly.GetType(attribute.TypeName, throwOnError: true)!)!;
    }

    private static string Repository()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Mekong.slnx")))
        {
            repository = repository.Parent;
        }

        Assert.NotNull(repository);
        return repository.FullName;
    }
}
