using Microsoft.AspNetCore.Http;
using Shouldly;
using WelfarePlatform.SharingRequest.Requests;

namespace WelfarePlatform.SharingRequest.Tests;

public sealed class ApprovalChainTests
{
    private static readonly string[] A4Chain = ["steward", "approver", "dpo"];

    private static ChainPosition At(int step, params string[] deciders) =>
        new(step < A4Chain.Length ? RequestStates.Awaiting(A4Chain[step]) : RequestStates.Approved, A4Chain, step, deciders);

    [Fact]
    public void Each_role_approves_in_turn_and_the_last_approval_approves_the_request()
    {
        var first = ApprovalChain.Decide(At(0), "approve", null, "somchai", ["steward"]);
        (first.NewState, first.NextStep, first.Role).ShouldBe(("awaiting_approver", 1, "steward"));
        var second = ApprovalChain.Decide(At(1, "somchai"), "approve", null, "malee", ["approver"]);
        second.NewState.ShouldBe("awaiting_dpo");
        var last = ApprovalChain.Decide(At(2, "somchai", "malee"), "approve", null, "niran", ["dpo"]);
        (last.NewState, last.NextStep).ShouldBe(("approved", 3));
    }

    [Fact]
    public void A_role_in_the_chain_deciding_out_of_turn_is_a_conflict_naming_the_awaited_role()
    {
        var outcome = ApprovalChain.Decide(At(0), "approve", null, "niran", ["dpo"]);
        outcome.Status.ShouldBe(StatusCodes.Status409Conflict);
        outcome.Problem!.ShouldContain("steward");
    }

    [Fact]
    public void A_role_outside_the_chain_is_forbidden()
    {
        var a3 = new ChainPosition("awaiting_steward", ["steward", "dpo"], 0, []);
        ApprovalChain.Decide(a3, "approve", null, "malee", ["approver"]).Status.ShouldBe(StatusCodes.Status403Forbidden);
    }

    [Fact]
    public void A_refusal_needs_a_reason_and_ends_the_request()
    {
        ApprovalChain.Decide(At(1, "somchai"), "refuse", "", "malee", ["approver"]).Status.ShouldBe(StatusCodes.Status422UnprocessableEntity);
        ApprovalChain.Decide(At(1, "somchai"), "refuse", "Purpose does not need names", "malee", ["approver"]).NewState.ShouldBe("refused");
    }

    [Fact]
    public void One_person_approves_one_step_only()
    {
        ApprovalChain.Decide(At(1, "somchai"), "approve", null, "somchai", ["approver", "steward"]).Status.ShouldBe(StatusCodes.Status409Conflict);
    }

    [Fact]
    public void A_decided_request_cannot_be_decided_again()
    {
        ApprovalChain.Decide(At(3), "approve", null, "niran", ["dpo"]).Status.ShouldBe(StatusCodes.Status409Conflict);
        ApprovalChain.Decide(At(0), "maybe", null, "somchai", ["steward"]).Status.ShouldBe(StatusCodes.Status422UnprocessableEntity);
    }

    [Fact]
    public void Revocation_needs_a_reason_and_applies_to_approved_or_waiting_requests_only()
    {
        ApprovalChain.Revoke(At(3), "", "dpo").Status.ShouldBe(StatusCodes.Status422UnprocessableEntity);
        ApprovalChain.Revoke(At(3), "breach reported", "dpo").NewState.ShouldBe("revoked");
        ApprovalChain.Revoke(At(1), "withdrawn", "steward").NewState.ShouldBe("revoked");
        ApprovalChain.Revoke(new ChainPosition("revoked", A4Chain, 3, []), "again", "dpo").Status.ShouldBe(StatusCodes.Status409Conflict);
    }
}
