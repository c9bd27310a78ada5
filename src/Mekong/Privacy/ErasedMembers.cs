using System.Collections.Concurrent;
using System.Security.Claims;
using Mekong.Platform.Http;
using Microsoft.AspNetCore.Authentication;

namespace Mekong.Privacy;

/// <summary>
/// Sign-ins of an erased member stop at once: a bearer token or cookie issued before the erasure is still
/// cryptographically valid until it expires, so the principal it carries is turned anonymous (403 where the API
/// requires a member: the token still authenticates, but as no one) instead of acting for an account that no longer exists. Per process: in a multi-instance
/// deployment other instances refuse the token when the cookie's security stamp check or the token's expiry comes.
/// </summary>
public sealed class ErasedMembers : IClaimsTransformation
{
    private readonly ConcurrentDictionary<Guid, byte> _erased = new();

    public void Add(Guid member) => _erased.TryAdd(member, 0);

    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal) =>
        Task.FromResult(principal.Id() is { } id && _erased.ContainsKey(id) ? new ClaimsPrincipal(new ClaimsIdentity()) : principal);
}
