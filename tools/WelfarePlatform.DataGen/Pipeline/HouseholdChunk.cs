namespace WelfarePlatform.DataGen.Pipeline;

/// <summary>A run of consecutive households made and formatted by one worker; the last may be cut short to end at exactly --people.</summary>
internal readonly record struct HouseholdChunk(long FirstHousehold, int Households, int LastHouseholdMembers);
