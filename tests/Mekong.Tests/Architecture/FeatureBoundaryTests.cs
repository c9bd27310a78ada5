using System.Reflection;
using NetArchTest.Rules;

namespace Mekong.Tests.Architecture;

/// <summary>
/// The house rules of ../shared/ARCHITECTURE.md, checked on the compiled application. Each rule also runs once
/// against a planted violation in this test assembly, to prove it can fail.
/// </summary>
public sealed class FeatureBoundaryTests
{
    private static readonly Assembly App = typeof(Program).Assembly;

    /// <summary>
    /// Every feature folder, read from the compiled namespaces (Mekong.X, Platform aside), so a feature is under the
    /// rules the day it lands.
    /// </summary>
    private static readonly string[] Features = FeaturesOf(App, "Mekong");

    [Fact]
    public void Every_feature_folder_is_under_the_rules()
    {
        string[] landed = ["Mekong.Accounts", "Mekong.Communities", "Mekong.Discussion", "Mekong.Glossary", "Mekong.LanguageDetection",
            "Mekong.Notifications", "Mekong.Posts", "Mekong.Review", "Mekong.Search", "Mekong.Translation", "Mekong.Display", "Mekong.Syndication"];

        Assert.Superset(landed.ToHashSet(StringComparer.Ordinal), Features.ToHashSet(StringComparer.Ordinal));
        Assert.DoesNotContain("Mekong.Platform", Features);
        var folders = Directory.GetDirectories(Path.Combine(SourceRoot(), "src", "Mekong"))
            .Select(Path.GetFileName)
            .Where(f => f is not ("Platform" or "Components" or "wwwroot" or "bin" or "obj" or "Properties"))
            .Where(f => Directory.EnumerateFiles(Path.Combine(SourceRoot(), "src", "Mekong", f!), "*.cs", SearchOption.AllDirectories).Any())
            .Select(f => "Mekong." + f)
            .Order(StringComparer.Ordinal);
        Assert.Equal(folders, Features.Where(f => f != "Mekong.Platform").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Features_use_each_other_only_through_their_public_face()
    {
        Assert.Empty(FeaturePrivateLeaks(App, Features));
    }

    [Fact]
    public void Http_conventions_and_content_rendering_know_no_feature()
    {
        Assert.Empty(Dependencies(App, "Mekong.Platform.Http", Features));
        Assert.Empty(Dependencies(App, "Mekong.Platform.Content", Features));
    }

    [Fact]
    public void Feature_rule_catches_a_planted_leak()
    {
        var leaks = FeaturePrivateLeaks(typeof(FeatureBoundaryTests).Assembly, ["Planted.Posts", "Planted.Discussion"]);

        Assert.Equal(["Planted.Discussion.ReachesIntoPosts -> Planted.Posts.PostEndpoints"], leaks);
    }

    [Fact]
    public void Platform_rule_catches_a_planted_dependency()
    {
        var found = Dependencies(typeof(FeatureBoundaryTests).Assembly, "Planted.Platform.Http", ["Planted.Posts"]);

        Assert.Equal(["Planted.Platform.Http.KnowsPosts"], found);
    }

    /// <summary>
    /// A feature's endpoints, pages and EF configurations are its own; another feature that uses one is reaching
    /// past the feature's public face (its queries, commands and views).
    /// </summary>
    private static List<string> FeaturePrivateLeaks(Assembly assembly, string[] features)
    {
        var leaks = new List<string>();
        foreach (var owner in features)
        {
            var privateTypes = assembly.GetTypes()
                .Where(t => (t.Namespace == owner || t.Namespace?.StartsWith(owner + ".", StringComparison.Ordinal) == true) && t.DeclaringType is null && IsFeaturePrivate(t.Name))
                .Select(t => t.FullName!);
            foreach (var privateType in privateTypes)
            {
                foreach (var other in features.Where(f => f != owner))
                {
                    var result = Types.InAssembly(assembly).That().ResideInNamespace(other).ShouldNot().HaveDependencyOn(privateType).GetResult();
                    leaks.AddRange((result.FailingTypeNames ?? []).Select(type => $"{type} -> {privateType}"));
                }
            }
        }

        return leaks;
    }

    /// <summary>The second-level namespaces under <paramref name="root"/>: one per feature folder.</summary>
    private static string[] FeaturesOf(Assembly assembly, string root) =>
    [
        .. assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(n => n.StartsWith(root + ".", StringComparison.Ordinal))
            .Select(n => root + "." + n[(root.Length + 1)..].Split('.')[0])
            .Where(n => n != root + ".Platform")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mekong.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Mekong.slnx not found above the test assembly.");
    }

    private static bool IsFeaturePrivate(string name) =>
        name.EndsWith("Endpoints", StringComparison.Ordinal)
        || name.EndsWith("Page", StringComparison.Ordinal)
        || name.EndsWith("Configuration", StringComparison.Ordinal);

    private static List<string> Dependencies(Assembly assembly, string from, string[] forbidden) =>
        [.. Types.InAssembly(assembly).That().ResideInNamespace(from).ShouldNot().HaveDependencyOnAny(forbidden).GetResult().FailingTypeNames ?? []];
}
