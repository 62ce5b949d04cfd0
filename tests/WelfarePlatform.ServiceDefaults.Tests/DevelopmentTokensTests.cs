using Microsoft.IdentityModel.JsonWebTokens;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.ServiceDefaults.Tests;

public sealed class DevelopmentTokensTests
{
    private static readonly AuthOptions Options = new("welfare-platform", "welfare-platform", AuthOptions.CreateKey("unit-test-signing-key-0123456789abcdef"));

    [Fact]
    public async Task A_minted_token_validates_and_carries_its_role()
    {
        var token = DevelopmentTokens.Create(Options, Roles.Steward, TimeSpan.FromMinutes(10));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, AuthenticationExtensions.CreateValidationParameters(Options));
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        result.ClaimsIdentity.FindFirst("role")!.Value.ShouldBe("steward");
    }

    [Fact]
    public async Task An_expired_token_does_not_validate()
    {
        var token = DevelopmentTokens.Create(Options, Roles.Steward, TimeSpan.FromMinutes(1), now: DateTime.UtcNow.AddHours(-1));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, AuthenticationExtensions.CreateValidationParameters(Options));
        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public void A_short_signing_key_is_refused_with_its_length() =>
        Should.Throw<InvalidOperationException>(() => AuthOptions.CreateKey("short")).Message.ShouldContain("it has 5");
}
