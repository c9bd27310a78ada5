using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Discuss : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EditedAt",
                table: "comments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "post_follows",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_post_follows", x => new { x.PostId, x.UserId });
                    table.ForeignKey(
                        name: "FK_post_follows_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_post_follows_posts_PostId",
                        column: x => x.PostId,
                        principalTable: "posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "post_visits",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    SeenUpTo = table.Column<Guid>(type: "uuid", nullable: false),
                    VisitedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_post_visits", x => new { x.UserId, x.PostId });
                    table.ForeignKey(
                        name: "FK_post_visits_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_post_visits_posts_PostId",
                        column: x => x.PostId,
                        principalTable: "posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // HAND-WRITTEN: a post counts its visible comments only (removed and held ones were counted before).
            migrationBuilder.Sql("UPDATE posts SET \"CommentCount\" = (SELECT count(*) FROM comments c WHERE c.\"PostId\" = posts.\"Id\" AND c.\"DeletedAt\" IS NULL AND c.\"Moderation\" = 'Published');");

            migrationBuilder.CreateIndex(
                name: "IX_post_follows_UserId",
                table: "post_follows",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_post_visits_PostId",
                table: "post_visits",
                column: "PostId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "post_follows");

            migrationBuilder.DropTable(
                name: "post_visits");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "comments");
        }
    }
}
