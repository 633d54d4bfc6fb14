/// An 8-bit colour with straight alpha, for synthetic canvases.
public struct RGBAColour: Sendable, Equatable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public var alpha: UInt8

    /// A colour from its components.
    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    public static let black = RGBAColour(red: 0, green: 0, blue: 0)
    public static let white = RGBAColour(red: 255, green: 255, blue: 255)
    /// What an untouched browser canvas is: `canvas.toDataURL()` keeps it transparent.
    public static let transparent = RGBAColour(red: 0, green: 0, blue: 0, alpha: 0)
}
