// Deliberate violations of the architecture rules, so the rules are seen to fail. Nothing else uses these.
#pragma warning disable CA1812, CA1822, IDE0051, IDE0161
namespace Planted.Posts
{
    internal static class PostEndpoints
    {
        public static int Count => 1;
    }

    internal static class PostQueries
    {
        public static int Latest => 2;
    }
}

namespace Planted.Discussion
{
    internal sealed class ReachesIntoPosts
    {
        public int Total => Planted.Posts.PostEndpoints.Count;
    }

    internal sealed class UsesPublicFace
    {
        public int Latest => Planted.Posts.PostQueries.Latest;
    }
}

namespace Planted.Platform.Http
{
    internal sealed class KnowsPosts
    {
        public int Total => Planted.Posts.PostQueries.Latest;
    }
}
