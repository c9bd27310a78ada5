using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Discuss : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EditedAt",
                table: "comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "post_follows",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    PostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SeenUpTo = table.Column<Guid>(type: "TEXT", nullable: false),
                    VisitedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
