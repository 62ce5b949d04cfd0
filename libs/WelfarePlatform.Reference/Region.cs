namespace WelfarePlatform.Reference;

/// <summary>
/// The six geographic regions (ภาค) of the Royal Society's 1977 division, the one Thai
/// geography and most ministry reports use. Bangkok is in <see cref="Central"/>.
/// </summary>
public enum Region
{
    North,
    Northeast,
    Central,
    East,
    West,
    South,
}
